/*
 * What a subscriber may change about their contact details: email and phone, through the customer service
 * (search text and the audit trail stay right, with the subscriber named as the one who changed them).
 * Notification settings are lib/notify's `savePreferences`, with the subscriber as the actor.
 */
import type { z } from "zod";
import { customerFieldsSchema, type CustomerFields } from "@/lib/customers/rules";
import { getCustomer, updateCustomer } from "@/lib/customers/service";
import type { Db } from "@/lib/db/types";
import type { CustomerActor } from "./accounts";
import type { contactSchema } from "./rules";

/** Changes the subscriber's email and phone; the other customer fields stay exactly as staff left them. */
export async function updateContactDetails(db: Db, actor: CustomerActor, contact: z.output<typeof contactSchema>): Promise<void> {
  const customer = await getCustomer(db, { tenantId: actor.tenantId, customerId: actor.customerId });
  const fields = Object.fromEntries(
    Object.keys(customerFieldsSchema.shape).map((key) => [key, customer[key as keyof typeof customer]]),
  ) as CustomerFields;
  await updateCustomer(db, actor, { customerId: actor.customerId, fields: { ...fields, email: contact.email, phone: contact.phone } });
}
