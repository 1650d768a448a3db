/* Form and action schemas of Settings → Webhooks (zod): brought to the browser only through import(). */
import { z } from "zod";
import { deliveryStatuses, webhookEventTypes } from "./values";

const urlField = z
  .string()
  .trim()
  .min(1, "Enter the address NetSphere should send events to")
  .max(2000, "At most 2,000 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "Enter a full address, like https://example.com/netsphere/webhooks");

/** A checkbox group: none ticked may come as false or nothing, one ticked as a string. */
const eventList = z.preprocess(
  (value) => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []),
  z.array(z.enum(webhookEventTypes, "Choose events from the list")).max(webhookEventTypes.length),
);

/** An endpoint as the form sends it: blank `endpointId` for a new one; "all events" stores an empty list. */
export const endpointFieldsSchema = z
  .object({
    endpointId: z.union([z.literal("").transform(() => undefined), z.uuid("Unknown endpoint")]).optional(),
    url: urlField,
    description: z.string().trim().max(200, "At most 200 characters").default(""),
    allEvents: z.boolean().default(true),
    events: eventList.default([]),
  })
  .superRefine((value, ctx) => {
    if (!value.allEvents && value.events.length === 0)
      ctx.addIssue({ code: "custom", path: ["events"], message: "Tick the events to send, or choose all events" });
  })
  .transform(({ allEvents, events, ...rest }) => ({ ...rest, events: allEvents ? [] : [...new Set(events)].sort() }));
export type EndpointFormValues = z.input<typeof endpointFieldsSchema>;

export const endpointRefSchema = z.object({ endpointId: z.uuid("Unknown endpoint") });
export const endpointEnabledSchema = endpointRefSchema.extend({ enabled: z.boolean() });
export const deliveryRefSchema = z.object({ deliveryId: z.uuid("Unknown delivery") });

/** The delivery log's filters, from the URL. */
export const deliveryFilterSchema = z.object({
  status: z.enum(deliveryStatuses).optional().catch(undefined),
  type: z.enum([...webhookEventTypes, "webhook.test"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type DeliveryFilter = z.output<typeof deliveryFilterSchema>;
