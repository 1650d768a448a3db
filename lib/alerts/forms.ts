/* Form schemas of the incident and maintenance forms (shared by the actions and, loaded on demand, the forms). */
import { z } from "zod";
import { alertSeverities, incidentObjectTypes } from "./values";

const incidentId = z.uuid();

export const incidentRefSchema = z.object({ incidentId });

export const assignIncidentSchema = z.object({
  incidentId,
  /** Empty = nobody. */
  userId: z.string().trim().max(100).default(""),
});

export const incidentCommentSchema = z.object({
  incidentId,
  body: z.string().trim().min(1, "Write the comment.").max(4000),
});

export const resolveIncidentSchema = z.object({
  incidentId,
  note: z.string().trim().max(2000).default(""),
});

export const outageNoticeSchema = z.object({
  incidentId,
  area: z.string().trim().min(2, "Name the area, e.g. the tower or the barangay.").max(120),
  note: z.string().trim().max(500).default(""),
});

export const allClearSchema = z.object({
  incidentId,
  area: z.string().trim().min(2, "Name the area.").max(120),
  note: z.string().trim().max(500).default(""),
});

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const optionalId = z.preprocess((value) => (value === "" ? null : value), z.uuid().nullable().optional());

/**
 * A maintenance window as typed: `datetime-local` strings on the ISP's wall clock (the action turns them into
 * instants in the ISP's time zone), a router or a site or neither (every router).
 */
export const maintenanceFormSchema = z
  .object({
    routerId: optionalId,
    siteId: optionalId,
    startsAt: z.string().regex(localDateTime, "Choose when it starts."),
    endsAt: z.string().regex(localDateTime, "Choose when it ends."),
    reason: z.string().trim().min(3, "Say what the work is.").max(300),
  })
  .superRefine((window, ctx) => {
    if (window.routerId && window.siteId) ctx.addIssue({ code: "custom", path: ["siteId"], message: "Choose a router or a site, not both." });
    if (localDateTime.test(window.startsAt) && localDateTime.test(window.endsAt) && window.endsAt <= window.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "It must end after it starts." });
    }
  });
export type MaintenanceForm = z.output<typeof maintenanceFormSchema>;

export const maintenanceRefSchema = z.object({ windowId: z.uuid() });

export const alertRuleRefSchema = z.object({ ruleId: z.uuid() });

/**
 * The incident list's filter as the URL carries it. A field left out (or not understood) narrows nothing: "any
 * severity", "anyone". `assignee` is "me", "unassigned" or a staff member's id; `q` a title word or a number.
 */
export const incidentListSchema = z.object({
  status: z.enum(["open", "acknowledged", "resolved", "unresolved", "all"]).catch("unresolved"),
  severity: z.enum(alertSeverities).optional().catch(undefined),
  object: z.enum(incidentObjectTypes).optional().catch(undefined),
  router: z.uuid().optional().catch(undefined),
  assignee: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/)
    .optional()
    .catch(undefined),
  q: z
    .string()
    .trim()
    .max(80)
    .transform((q) => q || undefined)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type IncidentListFilter = z.output<typeof incidentListSchema>;
