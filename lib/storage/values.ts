/** Stored-file enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const customerDocumentKinds = ["contract", "id", "installation_photo", "proof_of_billing", "other"] as const;
export type CustomerDocumentKind = (typeof customerDocumentKinds)[number];
