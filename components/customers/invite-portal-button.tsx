"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { invitePortalUserAction } from "@/lib/portal/actions/invite";
import { Button } from "@/components/ui/button";

/** Emails the subscriber a one-time link to set their portal password. */
export function InvitePortalButton({ customerId, again }: { customerId: string; again: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const invite = () =>
    start(async () => {
      const result = await invitePortalUserAction({ customerId });
      if (!result.ok) return void toast.error(result.message);
      toast.success("Invitation sent: the link is valid for an hour.");
      router.refresh();
    });
  return (
    <Button size="sm" variant="outline" onClick={invite} disabled={pending}>
      {pending ? "Sending…" : again ? "Send a new portal link" : "Invite to the portal"}
    </Button>
  );
}
