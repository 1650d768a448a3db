"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { deleteStoredFile } from "@/lib/storage/service";

/** Deletes a customer document: the row is kept as deleted, the bytes are removed, the customer's timeline says so. */
export const deleteDocumentAction = defineStaffAction({
  name: "deleteDocument",
  permission: "documents:delete",
  input: z.object({ fileId: z.uuid() }),
  revalidate: ["/customers"],
  run: async (ctx, input) => {
    const file = await deleteStoredFile(ctx.db, actorOf(ctx), { fileId: input.fileId, purpose: "customer_document" });
    return { id: file.id, filename: file.filename };
  },
});
