"use client";
import { useWhenIdle } from "@/components/ui/on-demand";
import { useState } from "react";
import { toast } from "sonner";

const loadDialogs = () => import("./job-dialogs");
type JobDialogs = Awaited<ReturnType<typeof loadDialogs>>;

/**
 * The job page's dialogs (kick, new password, MAC binding, close job) are not in its first load: they are fetched
 * when the browser is idle after the page, or at the first opening if sooner. Each needs the server, so without
 * signal before they arrived, opening one says so instead.
 */
export function useJobDialogs() {
  const [dialogs, setDialogs] = useState<JobDialogs | null>(null);
  useWhenIdle(() => loadDialogs().then(setDialogs, () => undefined));
  /** Runs `open` once the dialogs are here. */
  const whenLoaded = (open: () => void) => {
    if (dialogs) return open();
    loadDialogs().then(
      (loaded) => {
        setDialogs(loaded);
        open();
      },
      () => toast.error("No connection: this needs signal. Try again when you are back online."),
    );
  };
  return { dialogs, whenLoaded };
}
