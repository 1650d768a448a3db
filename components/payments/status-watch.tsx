"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const POLL_MS = 3000;
/** A page left open stops asking after this long; "Check again" still works. */
const GIVE_UP_MS = 20 * 60_000;

/**
 * Keeps a waiting payment's page current: asks the server again every few seconds (the page reads our records),
 * and counts down a QR code's expiry. Without JavaScript the page's "Check again" link does the same.
 */
export function StatusWatch({ expiresAt }: { expiresAt: string | null }) {
  const router = useRouter();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (Date.now() - started > GIVE_UP_MS) clearInterval(poll);
      else router.refresh();
    }, POLL_MS);
    const tick = setInterval(() => setLeft(expiresAt ? Math.max(0, Date.parse(expiresAt) - Date.now()) : null), 1000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [router, expiresAt]);
  if (left === null) return null;
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <p className="text-center text-sm tabular-nums text-muted-foreground">
      {left > 0 ? `This code expires in ${minutes}:${String(seconds).padStart(2, "0")}` : "This code has expired."}
    </p>
  );
}
