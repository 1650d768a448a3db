"use client";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Download, Tag, ToggleLeft } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { customerStatusLabels, customerStatuses, normalizeTag, tagPattern, tagRule, type CustomerStatus } from "@/lib/customers/values";
import { bulkSetCustomerStatus } from "@/lib/customers/actions/bulk-set-customer-status";
import { bulkAddCustomerTag } from "@/lib/customers/actions/bulk-add-customer-tag";
import { filterQuery, type ListParams } from "@/components/customers/list-url";
import { SuspensionDialog } from "@/components/provisioning/suspension-dialog";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-PH")} ${n === 1 ? one : many}`;

/** Downloads a CSV from the export route, announcing the outcome (errors arrive as JSON). */
async function downloadCsv(url: string) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? "The export failed. Try again.");
  }
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "customers.csv";
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return Number(response.headers.get("X-Row-Count") ?? "0");
}

/** What can be done with the selected rows; "N selected" is announced to screen readers. */
export function BulkBar({
  selectedIds,
  params,
  matchingLabel,
  canBulk,
  canExport,
  canSuspend,
  onDone,
  onClear,
}: {
  selectedIds: string[];
  params: ListParams;
  matchingLabel: string;
  canBulk: boolean;
  canExport: boolean;
  canSuspend: boolean;
  onDone: () => void;
  onClear: () => void;
}) {
  const n = selectedIds.length;
  const [dialog, setDialog] = useState<"status" | "tag" | null>(null);
  const [status, setStatus] = useState<CustomerStatus>("active");
  const [tag, setTag] = useState("");
  const [tagError, setTagError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const [exporting, setExporting] = useState(false);
  const ids = useId();
  const exportAllHref = `/api/customers/export${filterQuery(params) ? `?${filterQuery(params)}` : ""}`;

  const changeStatus = () =>
    startTransition(async () => {
      const result = await bulkSetCustomerStatus({ customerIds: selectedIds, status });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      const unchanged = n - result.data.changed;
      toast.success(
        `${plural(result.data.changed, "customer")} set to ${customerStatusLabels[status]}` +
          (unchanged > 0 ? `; ${plural(unchanged, "customer")} already had that status.` : "."),
      );
      setDialog(null);
      onDone();
    });

  const addTag = () => {
    const normalized = normalizeTag(tag);
    if (!tagPattern.test(normalized)) {
      setTagError(tagRule);
      return;
    }
    startTransition(async () => {
      const result = await bulkAddCustomerTag({ customerIds: selectedIds, tag: normalized });
      if (!result.ok) {
        setTagError(result.fieldErrors?.tag?.[0]);
        toast.error(result.message);
        return;
      }
      const unchanged = n - result.data.changed;
      toast.success(
        `Tag “${normalized}” added to ${plural(result.data.changed, "customer")}` +
          (unchanged > 0 ? `; ${plural(unchanged, "customer")} already had it.` : "."),
      );
      setDialog(null);
      setTag("");
      onDone();
    });
  };

  const exportSelected = async () => {
    setExporting(true);
    try {
      const rows = await downloadCsv(`/api/customers/export?ids=${selectedIds.join(",")}`);
      toast.success(`Exported ${plural(rows, "customer")} to CSV.`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "The export failed. Try again.");
    } finally {
      setExporting(false);
    }
  };

  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex min-h-10 min-w-0 flex-1 basis-80 flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md border bg-card px-3 py-1 text-sm"
    >
      <p aria-live="polite" className={n ? "font-medium" : "text-muted-foreground"}>
        {n ? `${plural(n, "customer")} selected` : "Select customers to change or export them together."}
      </p>
      {n > 0 ? (
        <>
          {canBulk ? (
            <>
              <Button size="sm" variant="outline" onClick={() => setDialog("status")}>
                <ToggleLeft aria-hidden="true" />
                Change status
              </Button>
              <Button
                size="sm"
                variant="outline"
                onClick={() => {
                  setTagError(undefined);
                  setDialog("tag");
                }}
              >
                <Tag aria-hidden="true" />
                Add tag
              </Button>
            </>
          ) : null}
          {canSuspend ? (
            <>
              <SuspensionDialog mode="suspend" customerIds={selectedIds} label={plural(n, "customer")} onDone={onDone} />
              <SuspensionDialog mode="reactivate" customerIds={selectedIds} label={plural(n, "customer")} onDone={onDone} />
            </>
          ) : null}
          {canExport ? (
            <Button size="sm" variant="outline" onClick={exportSelected} disabled={exporting} aria-busy={exporting}>
              <Download aria-hidden="true" />
              {exporting ? "Exporting…" : "Export CSV"}
            </Button>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear selection
          </Button>
        </>
      ) : null}
      {canExport ? (
        <a
          href={exportAllHref}
          download
          onClick={() => toast.info(`Preparing the CSV of ${matchingLabel}; the download starts in a moment.`)}
          className="ml-auto inline-flex items-center gap-1 rounded text-sm text-primary underline-offset-4 hover:underline"
        >
          <Download className="size-4" aria-hidden="true" />
          Export all matching
        </a>
      ) : null}

      <Dialog open={dialog === "status"} onOpenChange={(open) => setDialog(open ? "status" : null)}>
        <DialogContent
          title="Change status"
          description={`This changes the status of ${plural(n, "selected customer")}. Each change is recorded in the audit log. To cut or restore internet service, use Suspend or Reactivate instead.`}
        >
          <form
            method="post"
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              changeStatus();
            }}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${ids}-status`}>New status</Label>
              <NativeSelect id={`${ids}-status`} value={status} onChange={(e) => setStatus(e.target.value as CustomerStatus)}>
                {customerStatuses
                  .filter((s) => s !== "suspended")
                  .map((s) => (
                    <option key={s} value={s}>
                      {customerStatusLabels[s]}
                    </option>
                  ))}
              </NativeSelect>
            </div>
            <div className="flex flex-wrap justify-end gap-2">
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" variant={status === "terminated" ? "danger" : "default"} disabled={pending}>
                {pending ? "Changing…" : `Set ${plural(n, "customer")} to ${customerStatusLabels[status]}`}
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "tag"} onOpenChange={(open) => setDialog(open ? "tag" : null)}>
        <DialogContent title="Add tag" description={`Adds one tag to ${plural(n, "selected customer")}.`}>
          <form
            method="post"
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              addTag();
            }}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${ids}-tag`}>Tag</Label>
              <Input
                id={`${ids}-tag`}
                value={tag}
                onChange={(e) => {
                  setTag(e.target.value);
                  setTagError(undefined);
                }}
                maxLength={30}
                autoComplete="off"
                placeholder="e.g. promo-2026"
                aria-invalid={tagError ? true : undefined}
                aria-describedby={tagError ? `${ids}-tag-error` : `${ids}-tag-hint`}
                autoFocus
              />
              {tagError ? (
                <p id={`${ids}-tag-error`} role="alert" className="text-xs font-medium text-danger">
                  {tagError}
                </p>
              ) : (
                <p id={`${ids}-tag-hint`} className="text-xs text-muted-foreground">
                  Letters, digits, spaces, - or _; up to 30 characters.
                </p>
              )}
            </div>
            <div className="flex flex-wrap justify-end gap-2">
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={pending}>
                {pending ? "Adding…" : `Tag ${plural(n, "customer")}`}
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
