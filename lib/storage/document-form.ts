import { z } from "zod";
import { customerDocumentKinds, type CustomerDocumentKind } from "@/lib/storage/values";

export const documentKindLabels: Record<CustomerDocumentKind, string> = {
  contract: "Contract",
  id: "ID",
  installation_photo: "Installation photo",
  proof_of_billing: "Proof of billing",
  other: "Other",
};

/** The text fields sent with a customer document (the file itself is checked by `storeFile`). */
export const documentFieldsSchema = z.object({
  kind: z.enum(customerDocumentKinds, { error: "Choose what kind of document this is" }),
  title: z.string().trim().max(120, "Keep the title under 120 characters").optional(),
});

export type DocumentFields = z.infer<typeof documentFieldsSchema>;
