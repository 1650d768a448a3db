"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { setCustomerLocationAction } from "@/lib/customers/actions/set-customer-location";
import { buttonVariants } from "@/components/ui/classes";

export type SaveLocationProps = { customerId: string; customerName: string; saved: { latitude: number; longitude: number } | null };
type Fix = { latitude: number; longitude: number; accuracyMeters: number };
type Step =
  | { kind: "locating" }
  | { kind: "confirm"; fix: Fix }
  | { kind: "saving"; fix: Fix }
  | { kind: "done"; fix: Fix }
  | { kind: "failed"; message: string };

const place = (p: { latitude: number; longitude: number }) => `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`;
const locationErrors: Record<number, string> = {
  1: "Location is blocked for this site: allow it in the browser's settings and try again.",
  2: "The phone could not find its position. Step outside or wait for a GPS fix, then try again.",
  3: "Finding the position took too long. Try again.",
};

/** Reads the phone's position, asks before replacing a saved location, then saves it as the customer's. */
export function SaveLocationFlow({ customerId, customerName, saved }: SaveLocationProps) {
  const router = useRouter();
  const [step, setStep] = useState<Step>(() =>
    "geolocation" in navigator ? { kind: "locating" } : { kind: "failed", message: "This browser cannot tell where the phone is." },
  );

  const save = async (fix: Fix) => {
    setStep({ kind: "saving", fix });
    const result = await setCustomerLocationAction({ customerId, ...fix });
    if (!result.ok) return setStep({ kind: "failed", message: result.message });
    setStep({ kind: "done", fix });
    router.refresh();
  };

  const ask = () =>
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const fix = { latitude: coords.latitude, longitude: coords.longitude, accuracyMeters: coords.accuracy };
        if (saved) setStep({ kind: "confirm", fix });
        else void save(fix);
      },
      (error) => setStep({ kind: "failed", message: locationErrors[error.code] ?? "The position could not be read. Try again." }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    );
  const locate = () => {
    if (!("geolocation" in navigator)) return;
    setStep({ kind: "locating" });
    ask();
  };

  // The press that loaded this component asked for the position already.
  useEffect(() => {
    if ("geolocation" in navigator) ask();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="w-full space-y-2 rounded-md border p-3 text-sm" role="group" aria-label="Save this location">
      <p role="status">
        {step.kind === "locating" && "Finding the phone's position…"}
        {step.kind === "confirm" &&
          `Replace ${customerName}'s saved location (${place(saved!)}) with this one: ${place(step.fix)}, within ${Math.round(step.fix.accuracyMeters)} m?`}
        {step.kind === "saving" && "Saving…"}
        {step.kind === "done" && `Saved ${place(step.fix)} (within ${Math.round(step.fix.accuracyMeters)} m) as ${customerName}'s location.`}
        {step.kind === "failed" && step.message}
      </p>
      {step.kind === "confirm" ? (
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonVariants({ size: "sm" })} onClick={() => void save(step.fix)}>
            Replace location
          </button>
          <button
            type="button"
            className={buttonVariants({ size: "sm", variant: "outline" })}
            onClick={() => setStep({ kind: "failed", message: "The saved location was kept." })}
          >
            Keep the saved one
          </button>
        </div>
      ) : null}
      {step.kind === "failed" ? (
        <button type="button" className={buttonVariants({ size: "sm", variant: "outline" })} onClick={locate}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
