"use client";
import { useState } from "react";
import Link from "next/link";
import { badgeVariants, buttonVariants } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { directionsUrl, distanceKm } from "@/lib/tickets/geo";

export type FieldJobCard = {
  id: string;
  label: string;
  subject: string;
  priority: string;
  status: string;
  customerName: string | null;
  phone: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  sla: { text: string; tone: "success" | "warning" | "danger" | "neutral" };
  scheduledFor: string | null;
};

export type JobListIcons = { locate: React.ReactNode; phone: React.ReactNode; directions: React.ReactNode };

const smallOutline = buttonVariants({ size: "sm", variant: "outline" });

/** Today's jobs, most urgent SLA first; "Nearest first" re-sorts by distance from the phone's position. */
export function SortableJobList({ jobs, icons }: { jobs: FieldJobCard[]; icons: JobListIcons }) {
  const [here, setHere] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState<string | null>(null);
  const locate = () => {
    if (!("geolocation" in navigator)) return setLocationError("This phone cannot share its location.");
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setHere({ lat: position.coords.latitude, lng: position.coords.longitude });
        setLocationError(null);
        setLocating(false);
      },
      () => {
        setLocationError("Location is off or not allowed, so jobs stay in SLA order.");
        setLocating(false);
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  };
  const withDistance = jobs.map((job) => ({
    job,
    km: here && job.latitude != null && job.longitude != null ? distanceKm(here, { lat: job.latitude, lng: job.longitude }) : null,
  }));
  const ordered = here ? [...withDistance].sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity)) : withDistance;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{here ? "Nearest first" : "Most urgent first"}</p>
        <FocusKeepingButton type="button" className={smallOutline} onClick={here ? () => setHere(null) : locate} disabled={locating}>
          {icons.locate}
          {here ? "Sort by SLA" : locating ? "Locating…" : "Nearest first"}
        </FocusKeepingButton>
      </div>
      {locationError ? <p className="text-sm text-muted-foreground">{locationError}</p> : null}
      <ul className="space-y-3">
        {ordered.map(({ job, km }) => (
          <li key={job.id} className="rounded-lg border bg-card p-4">
            <div className="flex items-start justify-between gap-2">
              <Link href={`/field/tickets/${job.id}`} className="font-semibold text-primary underline-offset-4 hover:underline">
                {job.label} · {job.subject}
              </Link>
              <span className={badgeVariants({ tone: job.sla.tone })}>{job.sla.text}</span>
            </div>
            <p className="mt-1 text-sm">
              {job.customerName ?? "No customer"}
              <span className="text-muted-foreground">
                {" "}
                · {job.priority} priority · {job.status}
              </span>
            </p>
            {job.address ? <p className="mt-1 text-sm text-muted-foreground">{job.address}</p> : null}
            <div className="mt-3 flex flex-wrap gap-2 text-sm">
              {job.phone ? (
                <a className={smallOutline} href={`tel:${job.phone.replace(/\s/g, "")}`}>
                  {icons.phone} Call
                </a>
              ) : null}
              {job.latitude != null && job.longitude != null ? (
                <a className={smallOutline} href={directionsUrl(job.latitude, job.longitude)} target="_blank" rel="noreferrer">
                  {icons.directions} Directions{km != null ? ` · ${km < 10 ? km.toFixed(1) : Math.round(km)} km` : ""}
                </a>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
