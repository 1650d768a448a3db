"use client";
import { useState } from "react";
import Link from "next/link";
import { LocateFixed, MapPin, Phone } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
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

/** Today's jobs, most urgent SLA first; "Nearest first" re-sorts by distance from the phone's position. */
export function FieldJobList({ jobs }: { jobs: FieldJobCard[] }) {
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
        <Button size="sm" variant="outline" onClick={here ? () => setHere(null) : locate} disabled={locating}>
          <LocateFixed aria-hidden="true" />
          {here ? "Sort by SLA" : locating ? "Locating…" : "Nearest first"}
        </Button>
      </div>
      {locationError ? <p className="text-sm text-muted-foreground">{locationError}</p> : null}
      <ul className="space-y-3">
        {ordered.map(({ job, km }) => (
          <li key={job.id} className="rounded-lg border bg-card p-4">
            <div className="flex items-start justify-between gap-2">
              <Link href={`/field/tickets/${job.id}`} className="font-semibold text-primary underline-offset-4 hover:underline">
                {job.label} · {job.subject}
              </Link>
              <Badge tone={job.sla.tone}>{job.sla.text}</Badge>
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
                <Button asChild size="sm" variant="outline">
                  <a href={`tel:${job.phone.replace(/\s/g, "")}`}>
                    <Phone aria-hidden="true" /> Call
                  </a>
                </Button>
              ) : null}
              {job.latitude != null && job.longitude != null ? (
                <Button asChild size="sm" variant="outline">
                  <a href={directionsUrl(job.latitude, job.longitude)} target="_blank" rel="noreferrer">
                    <MapPin aria-hidden="true" /> Directions{km != null ? ` · ${km < 10 ? km.toFixed(1) : Math.round(km)} km` : ""}
                  </a>
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
