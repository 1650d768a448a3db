import { z } from "zod";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withoutNul } from "@/lib/core/action";
import { or404 } from "@/lib/core/page";
import { formatDateTime } from "@/lib/core/dates";
import { getCustomer } from "@/lib/customers/service";
import { getTenant } from "@/lib/tenants/service";
import { customerDocumentKinds } from "@/lib/storage/schema";
import { listCustomerDocuments } from "@/lib/storage/queries";
import { uploadLimitBytes } from "@/lib/storage/service";
import { documentKindLabels } from "@/lib/storage/document-form";
import { contentTypeText, formatBytes } from "@/lib/storage/file-types";
import { fileUrl } from "@/lib/storage/links";
import { EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { CustomerHeader } from "@/components/customers/customer-header";
import { DownloadLink, FileThumbnail } from "@/components/documents/attachment-list";
import { UploadDocument } from "@/components/documents/upload-document";
import { DeleteDocument } from "@/components/documents/delete-document";

export const metadata = { title: "Customer documents" };

const filterSchema = z.object({
  q: z.string().trim().max(80).optional().catch(undefined),
  kind: z.enum(customerDocumentKinds).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export default async function CustomerDocumentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireStaffPage("documents:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  const filter = filterSchema.parse(withoutNul(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v))));
  const [tenant, { rows, hasMore }] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listCustomerDocuments(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id, ...filter }),
  ]);
  const mayDelete = can(ctx.role, "documents:delete");
  const filtered = !!(filter.q || filter.kind);
  const base = `/customers/${customer.id}/documents`;
  const page = (n: number) =>
    `${base}?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.kind ? { kind: filter.kind } : {}), page: String(n) })}`;
  return (
    <>
      <CustomerHeader
        customer={customer}
        role={ctx.role}
        actions={can(ctx.role, "documents:write") ? <UploadDocument customerId={customer.id} maxBytes={uploadLimitBytes()} /> : null}
      />
      <form method="get" action={base} className="mb-4 flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1.5 sm:max-w-xs">
          <Label htmlFor="document-search">Search documents</Label>
          <Input id="document-search" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Name of the document" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="document-kind">Kind</Label>
          <NativeSelect id="document-kind" name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">All kinds</option>
            {customerDocumentKinds.map((kind) => (
              <option key={kind} value={kind}>
                {documentKindLabels[kind]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No documents match" : "No documents yet"}>
          {filtered
            ? "Try another name or kind."
            : "Upload the signed contract, a valid ID, installation photos or a proof of billing. Only staff can open them."}
        </EmptyState>
      ) : (
        <DataTable
          columns={[
            { label: "Document" },
            { label: "Kind" },
            { label: "Size", align: "right" },
            { label: "Uploaded by" },
            { label: "Uploaded" },
            { label: "Actions", srOnly: true },
          ]}
        >
          {rows.map((file) => (
            <tr key={file.id}>
              <td className="p-3">
                <div className="flex min-w-48 items-center gap-3">
                  <FileThumbnail file={file} />
                  <div className="min-w-0">
                    <a href={fileUrl(file.id)} className="break-words font-medium text-primary underline underline-offset-2">
                      {file.filename}
                    </a>
                    <span className="block text-xs text-muted-foreground">{contentTypeText(file.contentType)}</span>
                  </div>
                </div>
              </td>
              <td className="whitespace-nowrap p-3">{file.documentKind ? documentKindLabels[file.documentKind] : "—"}</td>
              <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatBytes(file.sizeBytes)}</td>
              <td className="p-3">{file.uploaderName ?? "—"}</td>
              <td className="whitespace-nowrap p-3">{formatDateTime(file.createdAt, tenant.timezone)}</td>
              <td className="p-3">
                <div className="flex items-center justify-end gap-2">
                  <DownloadLink file={file} />
                  {mayDelete ? <DeleteDocument file={file} /> : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager newer={filter.page > 1 ? page(filter.page - 1) : null} older={hasMore ? page(filter.page + 1) : null} />
    </>
  );
}
