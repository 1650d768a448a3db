"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { RouterForm, type RouterFormValues } from "@/components/routers/router-form";

export function EditRouterButton({
  routerId,
  initial,
  sites,
}: {
  routerId: string;
  initial: RouterFormValues;
  sites: { id: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Edit ${initial.name}`}>
        Edit
      </Button>
      <DialogContent title={`Edit ${initial.name}`} className="max-w-2xl">
        <RouterForm routerId={routerId} initial={initial} sites={sites} onSaved={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
