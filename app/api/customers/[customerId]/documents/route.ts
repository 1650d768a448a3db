import { staffRoute } from "@/lib/core/route";
import { actorOf } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { fieldErrorsOf } from "@/lib/core/action";
import { documentFieldsSchema } from "@/lib/storage/document-form";
import { readUploadForm } from "@/lib/storage/upload";
import { storeFile } from "@/lib/storage/service";

// Upload of a customer document (contract, ID, installation photo, …) as multipart/form-data:
// `file`, `kind`, optional `title`. A route rather than a Server Action, so the 10 MB limit applies
// here only instead of raising the body limit of every action.
export const dynamic = "force-dynamic";

export const POST = staffRoute<{ customerId: string }>("documents:write", async (ctx, request, { params }) => {
  const { customerId } = await params;
  const upload = await readUploadForm(request);
  const fields = documentFieldsSchema.safeParse({ kind: upload.fields.kind, title: upload.fields.title || undefined });
  if (!fields.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(fields.error) });
  const file = await storeFile(ctx.db, actorOf(ctx), {
    purpose: "customer_document",
    customerId,
    documentKind: fields.data.kind,
    title: fields.data.title,
    file: upload.file,
  });
  return Response.json(
    { ok: true, data: { id: file.id, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes } },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
