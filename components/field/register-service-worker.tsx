"use client";
import { useEffect } from "react";

/** Registers the service worker that keeps the technician's pages available offline (production builds only). */
export function RegisterServiceWorker() {
  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production") return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without a service worker the pages still work online; the work-log queue does not depend on it.
    });
  }, []);
  return null;
}
