import { z } from "zod";
import { customerDocumentKinds } from "@/lib/storage/values";

export { documentKindLabels } from "@/lib/storage/values";

/** The text fields sent with a customer document (the file itself is checked by `storeFile`). */
export const documentFieldsSchema = z.object({
  kind: z.enum(customerDocumentKinds, { error: "Choose what kind of document this is" }),
  title: z.string().trim().max(120, "Keep the title under 120 characters").optional(),
});

export type DocumentFields = z.infer<typeof documentFieldsSchema>;

/** The upload dialog: the same fields and the file picked, checked in the browser before sending. */
export const documentUploadSchema = documentFieldsSchema.extend({
  title: z.string().trim().max(120, "Keep the title under 120 characters"),
  file: z.custom<File>((value) => typeof File !== "undefined" && value instanceof File, "Choose a file to upload."),
});
