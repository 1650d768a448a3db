"use client";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";

/** A new signing secret, shown this once: NetSphere keeps it only encrypted and never shows it again. */
export function SecretDialog({ secret, onClose, rotated = false }: { secret: string; onClose: () => void; rotated?: boolean }) {
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        title={rotated ? "New signing secret" : "Signing secret"}
        description={
          rotated
            ? "Give this secret to the receiving system. For the next 24 hours each event is signed with the new and the old secret, so it keeps working while you switch."
            : "Give this secret to the receiving system: it checks each event's webhook-signature header with it."
        }
      >
        <div className="flex flex-col gap-4">
          <GatewayCopyField label="Signing secret" value={secret} hint="Copy it now: NetSphere shows it only this once." />
          <div>
            <DialogClose asChild>
              <Button type="button">I have copied it</Button>
            </DialogClose>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
