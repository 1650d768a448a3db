import { staffRoute } from "@/lib/core/route";
import { AppError } from "@/lib/core/errors";
import { getAttachment } from "@/lib/mail/attachments";
import { getStoredDocument } from "@/lib/billing/documents/store";
import { pdfResponse } from "@/lib/billing/documents/response";
import { readStoredFile } from "@/lib/storage/service";
import { storedFileResponse } from "@/lib/storage/download";

/** A file sent with an email of this tenant, as it was attached (the stored billing document, or a stored file such as a scheduled report). */
export const GET = staffRoute<{ id: string }>("mailbox:view", async (ctx, _request, { params }) => {
  const attachment = await getAttachment(ctx.db, { tenantId: ctx.tenantId, attachmentId: (await params).id });
  const stored = await readStoredFile(ctx.db, { tenantId: ctx.tenantId, fileId: attachment.documentId });
  if (stored) return storedFileResponse({ filename: attachment.filename, contentType: stored.file.contentType }, stored.bytes, { download: true });
  const document = await getStoredDocument(ctx.db, { tenantId: ctx.tenantId, documentId: attachment.documentId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") {
      throw new AppError(
        "not_found",
        "This attachment has been re-rendered since it was sent. Download the current PDF from its invoice or receipt page.",
      );
    }
    throw error;
  });
  return pdfResponse({ filename: attachment.filename, pdf: document.pdf });
});
