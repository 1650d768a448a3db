"use client";
import { useEffect, useRef } from "react";

/**
 * A loader that loads once however often it is asked, and tries again on the next ask after a failure (a phone that
 * was offline); it answers null while it cannot load.
 */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T | null> {
  let loading: Promise<T | null> | null = null;
  return () =>
    (loading ??= load().catch(() => {
      loading = null;
      return null;
    }));
}

/**
 * Runs `work` once, when the browser is idle after the page has loaded (2 s later where there is no idle callback):
 * how pages fetch what they need later without putting it in their first load.
 */
export function useWhenIdle(work: () => unknown) {
  const latest = useRef(work);
  useEffect(() => {
    latest.current = work;
  });
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 2000));
    idle(() => void latest.current());
  }, []);
}
