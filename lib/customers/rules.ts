import { z } from "zod";
import { customerStatuses, leadStages, tagPattern, tagRule } from "@/lib/customers/values";
import { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";

export { customerStatusLabels } from "@/lib/customers/values";

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is too long`).default("");
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(\+?[0-9 ()-]{7,20})?$/, "Enter a phone number like 0917 123 4567")
  .default("");
const coordinate = (min: number, max: number, label: string) =>
  z
    .union([
      z.literal("").transform(() => null),
      z.null(),
      z.coerce.number().min(min, `${label} must be between ${min} and ${max}`).max(max, `${label} must be between ${min} and ${max}`),
    ])
    .default(null);

export const tagSchema = z.string().trim().toLowerCase().regex(tagPattern, tagRule);

/** A BIR TIN: 9 digits and a branch code of 3 (or 5), with or without dashes; kept as `123-456-789-000`. */
export const tinSchema = z
  .string()
  .trim()
  .refine((v) => v === "" || /^\d{3}[- ]?\d{3}[- ]?\d{3}([- ]?\d{3}(\d{2})?)?$/.test(v), "A TIN like 123-456-789-000")
  .transform((v) => {
    const digits = v.replace(/\D/g, "");
    if (!digits) return "";
    const branch = digits.length > 9 ? digits.slice(9) : "000";
    return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)}-${branch}`;
  });

export const customerFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(160, "Name is too long"),
  phone: phoneSchema,
  altPhone: phoneSchema,
  email: z.union([z.literal(""), z.string().trim().toLowerCase().email("Enter a valid email")]).default(""),
  tin: tinSchema.default(""),
  serviceAddress: optionalText(300, "Address"),
  barangay: optionalText(120, "Barangay"),
  city: optionalText(120, "City"),
  latitude: coordinate(-90, 90, "Latitude"),
  longitude: coordinate(-180, 180, "Longitude"),
  tags: z.array(tagSchema).max(20, "At most 20 tags").default([]),
  notes: optionalText(5000, "Notes"),
  status: z.enum(customerStatuses).default("active"),
});
export type CustomerFields = z.infer<typeof customerFieldsSchema>;

/** The staff form's customer: a typed place needs both coordinates (a CSV import may bring one and is checked apart). */
export const typedCustomerFieldsSchema = customerFieldsSchema.superRefine(bothCoordinatesOrNeither);

/** A place is a latitude and a longitude: one without the other puts nobody on the map. */
function bothCoordinatesOrNeither(place: { latitude: number | null; longitude: number | null }, ctx: z.RefinementCtx) {
  if ((place.latitude === null) !== (place.longitude === null)) {
    const missing = place.latitude === null ? "latitude" : "longitude";
    ctx.addIssue({ code: "custom", path: [missing], message: "Enter both latitude and longitude, or neither" });
  }
}

/** A place the technician's phone measured (GPS), with how sure it is; the job page saves it as the customer's location. */
export const measuredLocationSchema = z.object({
  customerId: z.uuid(),
  latitude: z.number().min(-90, "Latitude must be between -90 and 90").max(90, "Latitude must be between -90 and 90"),
  longitude: z.number().min(-180, "Longitude must be between -180 and 180").max(180, "Longitude must be between -180 and 180"),
  /** Metres, as the phone reports it (`coords.accuracy`). */
  accuracyMeters: z.number().min(0).max(100_000).optional(),
});
export type MeasuredLocation = z.infer<typeof measuredLocationSchema>;

export const leadFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(160),
  phone: phoneSchema,
  email: z.union([z.literal(""), z.string().trim().toLowerCase().email("Enter a valid email")]).default(""),
  serviceAddress: optionalText(300, "Address"),
  barangay: optionalText(120, "Barangay"),
  city: optionalText(120, "City"),
  latitude: coordinate(-90, 90, "Latitude"),
  longitude: coordinate(-180, 180, "Longitude"),
  source: optionalText(80, "Source"),
  notes: optionalText(5000, "Notes"),
});
export type LeadFields = z.infer<typeof leadFieldsSchema>;

/** The customer form: the customer and, when adding one, an optional first subscription (plan and start then required). */
export const customerFormSchema = z
  .object({
    customer: typedCustomerFieldsSchema,
    withSubscription: z.boolean(),
    subscription: subscriptionFieldsSchema.partial({ planId: true, startDate: true }),
  })
  .superRefine((v, ctx) => {
    if (!v.withSubscription) return;
    if (!v.subscription.planId) ctx.addIssue({ code: "custom", path: ["subscription", "planId"], message: "Choose a plan" });
    if (!v.subscription.startDate) ctx.addIssue({ code: "custom", path: ["subscription", "startDate"], message: "Enter a start date" });
  });
export const leadStageSchema = z.enum(leadStages);

/** The text the trigram index searches: every field staff type into the search box. */
export function buildSearchText(
  c: {
    accountNumber: string;
    name: string;
    phone?: string;
    altPhone?: string;
    email?: string;
    serviceAddress?: string;
    barangay?: string;
    city?: string;
  },
  usernames: string[] = [],
): string {
  const digits = (p?: string) => (p ? `${p} ${p.replace(/\D/g, "")}` : "");
  return [c.accountNumber, c.name, digits(c.phone), digits(c.altPhone), c.email, c.serviceAddress, c.barangay, c.city, ...usernames]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
}

export const leadStageLabels: Record<(typeof leadStages)[number], string> = {
  new: "New",
  contacted: "Contacted",
  site_survey: "Site survey",
  won: "Won",
  lost: "Lost",
};

/** The pipeline stages still being worked: what "open leads" counts, on the dashboard and the Leads page alike. */
export const openLeadStages = ["new", "contacted", "site_survey"] as const satisfies readonly (typeof leadStages)[number][];
export const isOpenLead = (stage: (typeof leadStages)[number]) => (openLeadStages as readonly string[]).includes(stage);
