"use client";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import { buttonVariants } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { QUEUE_EVENT, discardWorkLog, queuedWorkLogs, syncWorkLogs, type QueuedWorkLog } from "./offline-queue";

const subscribeOnline = (onChange: () => void) => {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
};

/** The phone's queue of unsent work logs: how many wait, whether we are online, and a way to send now. */
export function useWorkLogQueue() {
  const router = useRouter();
  const [items, setItems] = useState<QueuedWorkLog[]>([]);
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  const [syncing, setSyncing] = useState(false);

  const refresh = useCallback(async () => setItems(await queuedWorkLogs()), []);
  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      const result = await syncWorkLogs();
      if (result.sent > 0) router.refresh();
      return result;
    } finally {
      setSyncing(false);
      await refresh();
    }
  }, [refresh, router]);

  useEffect(() => {
    // Whatever an earlier visit left unsent goes out as soon as the page opens with signal.
    const first = window.setTimeout(() => void (navigator.onLine ? syncNow() : refresh()), 0);
    const goOnline = () => void syncNow();
    const changed = () => void refresh();
    window.addEventListener("online", goOnline);
    window.addEventListener(QUEUE_EVENT, changed);
    // A weak signal may not fire "online": keep trying while something waits.
    const timer = window.setInterval(() => {
      if (navigator.onLine) void syncNow();
    }, 30_000);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener(QUEUE_EVENT, changed);
      window.clearInterval(timer);
      window.clearTimeout(first);
    };
  }, [refresh, syncNow]);

  return { items, online, syncing, syncNow };
}

export type SyncStatusIcons = { offline: React.ReactNode; sync: React.ReactNode; refused: React.ReactNode };

const smallOutline = buttonVariants({ size: "sm", variant: "outline" });

/** A strip at the top of the technician's pages: offline notice, entries waiting to sync, refused entries. */
export function SyncStatusStrip({ icons }: { icons: SyncStatusIcons }) {
  const { items, online, syncing, syncNow } = useWorkLogQueue();
  const waiting = items.filter((i) => !i.rejected);
  const rejected = items.filter((i) => i.rejected);
  if (online && items.length === 0) return null;
  return (
    <div className="mb-4 space-y-2" aria-live="polite">
      {!online ? (
        <p className="flex items-center gap-2 rounded-md border border-warning/40 bg-warning/10 p-3 text-sm">
          {icons.offline}
          You are offline. Work logs are saved on this phone and sent when the signal is back.
        </p>
      ) : null}
      {waiting.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-md border p-3 text-sm">
          <span>
            {waiting.length} work {waiting.length === 1 ? "log" : "logs"} waiting to sync
          </span>
          <FocusKeepingButton type="button" className={smallOutline} onClick={() => void syncNow()} disabled={!online || syncing}>
            <span className={syncing ? "inline-flex animate-spin" : "inline-flex"}>{icons.sync}</span>
            {syncing ? "Sending…" : "Send now"}
          </FocusKeepingButton>
        </div>
      ) : null}
      {rejected.map((item) => (
        <div key={item.clientId} className="rounded-md border border-danger/40 p-3 text-sm" role="alert">
          <p className="flex items-center gap-2 font-medium">
            {icons.refused}
            Work log for {item.ticketLabel} was refused
          </p>
          <p className="mt-1 text-muted-foreground">{item.rejected}</p>
          <FocusKeepingButton type="button" className={`${smallOutline} mt-2`} onClick={() => void discardWorkLog(item.clientId)}>
            Discard this entry
          </FocusKeepingButton>
        </div>
      ))}
    </div>
  );
}
