import type { QuotaView } from "@/lib/quotas/queries";
import { capBadge, countsNote, usedOfAllowance } from "@/lib/quotas/labels";
import { formatQuotaBytes } from "@/lib/quotas/rules";
import { addDays } from "@/lib/core/calendar";
import { formatCalendarDate } from "@/lib/core/dates";
import { cn } from "@/lib/core/cn";
import { Badge } from "@/components/ui/badge";

/** The day the allowance starts again: the day after the cycle's last. */
export const renewsOn = (view: Pick<QuotaView, "cycleEnd">) => formatCalendarDate(addDays(view.cycleEnd, 1));

/**
 * A subscription's data allowance this cycle: "42.3 GB of 100 GB used · renews Jan 1, 2027", a bar with the same
 * numbers for screen readers, the download/upload split and, from 80 %, a badge (at the cap: what the router does).
 */
export function QuotaMeter({
  view,
  label,
  audience,
  profile,
}: {
  view: QuotaView;
  /** Whose allowance, for the bar's accessible name: the username or the plan. */
  label: string;
  audience: "staff" | "subscriber";
  profile?: string | null;
}) {
  const percent = Math.round(view.share * 100);
  const badge = capBadge(view, { audience, profile });
  const text = usedOfAllowance(view);
  return (
    <div className="flex flex-col gap-1.5 text-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p>
          <span className="font-medium tabular-nums">{text}</span>
          <span className="text-muted-foreground"> · renews {renewsOn(view)}</span>
        </p>
        {badge ? <Badge tone={badge.tone}>{badge.text}</Badge> : null}
      </div>
      <div
        className="h-2 overflow-hidden rounded bg-muted"
        role="progressbar"
        aria-label={`Data used by ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${text} (${percent} %)`}
      >
        <div
          className={cn("h-2 rounded", view.level === "capped" ? "bg-danger" : view.level === "warning" ? "bg-warning" : "bg-success")}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="text-xs text-muted-foreground">
        Download {formatQuotaBytes(view.downloadBytes)} · upload {formatQuotaBytes(view.uploadBytes)} ({countsNote[view.direction]})
        {view.topUpBytes > 0 ? ` · ${formatQuotaBytes(view.quotaBytes)} plan allowance + ${formatQuotaBytes(view.topUpBytes)} extra` : ""}
      </p>
    </div>
  );
}
