"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { removeLinkAction } from "@/lib/topology/actions/links";
import { Button } from "@/components/ui/button";

/** Removes a link after asking; a discovered link comes back while the routers still see each other. */
export function RemoveLinkButton({ linkId, name, discovered }: { linkId: string; name: string; discovered: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const remove = () => {
    const warning = discovered ? " The routers still report it, so it comes back at their next poll while they see each other." : "";
    if (!window.confirm(`Remove the link ${name}?${warning}`)) return;
    startTransition(async () => {
      const result = await removeLinkAction({ linkId });
      if (!result.ok) return void toast.error(result.message);
      toast.success("Link removed.");
      router.refresh();
    });
  };
  return (
    <Button type="button" variant="outline" size="sm" onClick={remove} disabled={pending} aria-label={`Remove the link ${name}`}>
      Remove
    </Button>
  );
}
