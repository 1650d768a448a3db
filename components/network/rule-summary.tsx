import type { listAlertRules } from "@/lib/alerts/rules-service";
import { alertKindLabels, isSiteKind, thresholdUnits } from "@/lib/alerts/values";

type AlertRule = Awaited<ReturnType<typeof listAlertRules>>[number];

const seconds = (s: number) => (s === 0 ? "at once" : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** What a rule watches and who hears about it, in a few lines (the read-only view and each rule's header). */
export function RuleSummary({
  rule,
  routerNames,
  siteNames,
  staffNames,
  roleLabels,
}: {
  rule: AlertRule;
  routerNames: Map<string, string>;
  siteNames: Map<string, string>;
  staffNames: Map<string, string>;
  roleLabels: Record<string, string>;
}) {
  const unit = thresholdUnits[rule.kind];
  const scope = rule.routerId
    ? `Router ${routerNames.get(rule.routerId) ?? "?"}`
    : rule.siteId
      ? `Site ${siteNames.get(rule.siteId) ?? "?"}`
      : isSiteKind(rule.kind)
        ? "Every site, each as a whole"
        : "All routers";
  const people = (role: string | null, ids: string[]) =>
    [role ? `every ${(roleLabels[role] ?? role).toLowerCase()}` : null, ...ids.map((id) => staffNames.get(id) ?? "former staff")]
      .filter(Boolean)
      .join(", ") || "nobody";
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      <dt className="text-muted-foreground">Watches</dt>
      <dd>
        {alertKindLabels[rule.kind]}
        {unit && rule.threshold !== null ? `: ${rule.threshold} ${unit}` : ""}
        {(rule.kind === "sessions_drop" || rule.kind === "site_sessions_drop") && rule.minCount ? ` and at least ${rule.minCount} sessions` : ""}
        {` within ${seconds(rule.windowSeconds)}`}
      </dd>
      <dt className="text-muted-foreground">Delays</dt>
      <dd>
        fires {seconds(rule.fireAfterSeconds)}, clears {seconds(rule.clearAfterSeconds)}
        {rule.flapChanges > 0 ? `; flapping after ${rule.flapChanges} changes` : ""}
      </dd>
      <dt className="text-muted-foreground">Scope</dt>
      <dd>{scope}</dd>
      <dt className="text-muted-foreground">Tells</dt>
      <dd>
        {people(rule.notifyRole, rule.notifyUserIds)}
        {rule.notifyRecovery ? ", and again when it recovers" : ""}
      </dd>
      <dt className="text-muted-foreground">Escalation</dt>
      <dd>
        {rule.escalateAfterMinutes
          ? `after ${rule.escalateAfterMinutes} min without acknowledgement: ${people(rule.escalateRole, rule.escalateUserIds)}`
          : "none"}
      </dd>
    </dl>
  );
}
