"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Re-renders the page every few seconds while something (a billing run) is in progress. */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
