"use client";
import dynamic from "next/dynamic";

// Not in any page's first load: fetched after the page, then it listens to the incident stream.
const IncidentBanner = dynamic(() => import("@/components/network/incident-banner").then((m) => m.IncidentBanner), { ssr: false });

/** Where the live incident line appears in the staff shell, above each page. */
export function IncidentBannerSlot() {
  return <IncidentBanner />;
}
