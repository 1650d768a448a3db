"use client";
import { useState, type ComponentType } from "react";
import type { SaveLocationProps } from "./save-location-flow";

/**
 * "Save this location (GPS)" on a job. The job page's first load has almost no room left, so only this button is
 * in it: locating, asking before a saved place is replaced and saving arrive at the first press.
 */
export function SaveLocationButton({ className, ...props }: SaveLocationProps & { className: string }) {
  const [Flow, setFlow] = useState<ComponentType<SaveLocationProps> | null>(null);
  if (Flow) return <Flow {...props} />;
  return (
    <button type="button" className={className} onClick={() => import("./save-location-flow").then((m) => setFlow(() => m.SaveLocationFlow))}>
      Save this location (GPS)
    </button>
  );
}
