"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { deleteVoucherBatchAction, disableVoucherBatchAction } from "@/lib/hotspot/actions/voucher-batches";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";

type Batch = { id: string; name: string; count: number; live: number };

/** Print, disable or delete a batch; the destructive two ask first and say how many codes they touch. */
export function VoucherBatchActions({ routerId, batch }: { routerId: string; batch: Batch }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<"disable" | "delete" | null>(null);
  const [pending, start] = useTransition();
  const run = (what: "disable" | "delete") =>
    start(async () => {
      const result =
        what === "disable"
          ? await disableVoucherBatchAction({ routerId, batchId: batch.id })
          : await deleteVoucherBatchAction({ routerId, batchId: batch.id });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(
        what === "disable" ? `“${batch.name}” disabled; its codes are being taken off the router now.` : `“${batch.name}” deleted.`,
      );
      setConfirm(null);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button asChild size="sm" variant="outline">
        <Link href={`/routers/${routerId}/hotspot/vouchers/${batch.id}/print`} aria-label={`Print ${batch.name}`}>
          Print
        </Link>
      </Button>
      {batch.live > 0 ? (
        <Button size="sm" variant="ghost" onClick={() => setConfirm("disable")} aria-label={`Disable ${batch.name}`}>
          Disable
        </Button>
      ) : null}
      <Button size="sm" variant="ghost" className="text-danger" onClick={() => setConfirm("delete")} aria-label={`Delete ${batch.name}`}>
        Delete
      </Button>
      <Dialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <DialogContent
          title={confirm === "delete" ? `Delete “${batch.name}”?` : `Disable “${batch.name}”?`}
          description={
            confirm === "delete"
              ? `All ${batch.count.toLocaleString("en-PH")} codes are deleted and removed from the router, including any a customer is using now.`
              : `${batch.live.toLocaleString("en-PH")} codes stop working and are removed from the router. Customers using them are logged out.`
          }
        >
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button variant="danger" disabled={pending} onClick={() => confirm && run(confirm)}>
              {pending ? "Working…" : confirm === "delete" ? "Delete batch" : "Disable codes"}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
