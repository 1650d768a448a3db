"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { changeOwnPlan } from "@/lib/tenants/actions/settings";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";

export function ChoosePlanButton({ planId, planName, price }: { planId: string; planName: string; price: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Switch to {planName}
      </Button>
      <DialogContent title={`Switch to ${planName}?`} description={`Your NetSphere subscription becomes ${price} per month from today.`}>
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button
            disabled={pending}
            onClick={() =>
              start(async () => {
                const result = await changeOwnPlan({ saasPlanId: planId });
                if (!result.ok) return void toast.error(result.message);
                toast.success(`You are now on ${planName}.`);
                setOpen(false);
                router.refresh();
              })
            }
          >
            Switch plan
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
