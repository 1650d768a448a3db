/** Stored-file enum values and labels without Drizzle or zod, for client components; schema.ts builds its columns from them and re-exports them. */
export const customerDocumentKinds = ["contract", "id", "installation_photo", "proof_of_billing", "other"] as const;
export type CustomerDocumentKind = (typeof customerDocumentKinds)[number];

export const documentKindLabels: Record<CustomerDocumentKind, string> = {
  contract: "Contract",
  id: "ID",
  installation_photo: "Installation photo",
  proof_of_billing: "Proof of billing",
  other: "Other",
};
