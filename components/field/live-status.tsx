"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { badgeVariants, buttonVariants } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { formatBitsPerSecond } from "@/lib/network/format";
import type { SubscriberStatus } from "@/lib/network/subscriber-status";

const POLL_MS = 10_000;

const stateLabel: Record<SubscriberStatus["state"], { text: string; tone: "success" | "danger" | "warning" | "neutral" }> = {
  online: { text: "Online", tone: "success" },
  offline: { text: "Offline", tone: "danger" },
  unreachable: { text: "Router not answering", tone: "warning" },
  no_router: { text: "No router session", tone: "neutral" },
};

export function formatUptime(seconds: number | null): string {
  if (seconds == null) return "—";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}

/** The subscriber's session as the router reports it, refreshed every 10 s and on request. */
export function useLiveStatus(initial: SubscriberStatus) {
  const [status, setStatus] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const shownState = useRef(initial.state);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const response = await fetch(`/api/field/subscriptions/${initial.subscriptionId}/status`, { cache: "no-store" });
      const body = (await response.json()) as { ok: boolean; data?: SubscriberStatus; message?: string };
      if (body.ok && body.data) {
        const next = body.data;
        setStatus(next);
        setError(null);
        // Screen readers hear a change of state (online → offline), not every new reading of the numbers.
        if (next.state !== shownState.current) {
          shownState.current = next.state;
          setAnnouncement(`${next.username}: ${stateLabel[next.state].text}`);
        }
      } else setError(body.message ?? "Could not read the status.");
    } catch {
      setError("No connection: showing the last reading.");
    } finally {
      setLoading(false);
    }
  }, [initial.subscriptionId]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && navigator.onLine) void refresh();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  return { status, loading, error, refresh, announcement };
}

/** `refreshIcon` comes rendered from the server: the phone downloads no icon library. */
export function LiveStatus({
  status,
  loading,
  error,
  refresh,
  announcement,
  refreshIcon,
}: ReturnType<typeof useLiveStatus> & { refreshIcon: React.ReactNode }) {
  const label = stateLabel[status.state];
  const session = status.session;
  return (
    <div className="space-y-3">
      <p role="status" className="sr-only" data-testid="live-state-announcement">
        {announcement}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          <span className={badgeVariants({ tone: label.tone })} data-testid="live-state">
            {label.text}
          </span>
          <span className="break-all font-mono text-sm">{status.username}</span>
        </p>
        <FocusKeepingButton
          type="button"
          className={buttonVariants({ size: "sm", variant: "outline" })}
          onClick={() => void refresh()}
          disabled={loading}
          aria-label="Refresh live status"
        >
          <span className={loading ? "inline-flex animate-spin" : "inline-flex"}>{refreshIcon}</span>
          Refresh
        </FocusKeepingButton>
      </div>
      {status.message ? <p className="text-sm text-muted-foreground">{status.message}</p> : null}
      {error ? (
        <p className="text-sm text-danger" role="alert">
          {error}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <Reading label="IP address" value={session?.address || "—"} mono />
        <Reading label="Uptime" value={formatUptime(session?.uptimeSeconds ?? null)} />
        <Reading label="Download now" value={session?.downloadBps != null ? formatBitsPerSecond(session.downloadBps) : "—"} />
        <Reading label="Upload now" value={session?.uploadBps != null ? formatBitsPerSecond(session.uploadBps) : "—"} />
        <Reading label="CPE MAC" value={session?.macAddress || "—"} mono />
        <Reading label="Signal" value={status.signal ?? "Not reported"} />
        <Reading
          label="Last disconnect"
          value={
            status.lastDisconnect ? `${status.lastDisconnect.at}${status.lastDisconnect.reason ? ` (${status.lastDisconnect.reason})` : ""}` : "—"
          }
          wide
        />
      </dl>
      <p className="text-xs text-muted-foreground">
        {status.routerName ? `From ${status.routerName}, ` : ""}checked {new Date(status.checkedAt).toLocaleTimeString("en-PH")}
      </p>
    </div>
  );
}

function Reading({ label, value, mono, wide }: { label: string; value: string; mono?: boolean; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2" : undefined}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={mono ? "break-all font-mono" : "break-words"}>{value}</dd>
    </div>
  );
}
