"use client";
import { useEffect, useState } from "react";

/**
 * Asks the service worker to save today's job pages while there is signal, so each opens in a dead zone
 * even if it was never opened before; says so once they are saved. Needs a production build (the worker).
 */
export function OfflineJobs({ urls }: { urls: string[] }) {
  const [saved, setSaved] = useState(false);
  const key = urls.join(" ");
  useEffect(() => {
    if (!("serviceWorker" in navigator) || !navigator.onLine) return;
    let active = true;
    const onMessage = (event: MessageEvent) => {
      if (active && (event.data as { type?: string } | null)?.type === "warmed") setSaved(true);
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    void navigator.serviceWorker.ready.then((registration) =>
      registration.active?.postMessage({ type: "warm", urls: ["/field", ...key.split(" ").filter(Boolean)] }),
    );
    return () => {
      active = false;
      navigator.serviceWorker.removeEventListener("message", onMessage);
    };
  }, [key]);
  return saved ? (
    <p className="mb-3 text-sm text-muted-foreground" data-testid="offline-ready">
      Today&apos;s jobs are saved on this phone: they open without signal.
    </p>
  ) : null;
}
