"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { kickSessionAction } from "@/lib/network/actions/kick-session";
import type { SessionService } from "@/lib/network/sessions";
import { Button } from "@/components/ui/button";

/** Disconnects one live session; the client dials back in with its current settings. Refreshes the page unless `onKicked` is given. */
export function KickSessionButton({
  routerId,
  service,
  name,
  id,
  onKicked,
}: {
  routerId: string;
  service: SessionService;
  name: string;
  id?: string;
  onKicked?: () => void;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={pending}
      aria-label={`Kick ${name}`}
      onClick={() =>
        start(async () => {
          const result = await kickSessionAction({ routerId, service, name, id });
          if (!result.ok) {
            toast.error(result.message);
            return;
          }
          toast.success(result.data.alreadyGone ? `${name} had already disconnected.` : `${name} was disconnected.`);
          if (onKicked) onKicked();
          else router.refresh();
        })
      }
    >
      {pending ? "Kicking…" : "Kick"}
    </Button>
  );
}
