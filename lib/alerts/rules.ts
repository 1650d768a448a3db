/* Form schemas for alert rules and maintenance windows (shared by the actions and, loaded on demand, the forms). */
import { z } from "zod";
import { alertKinds, alertSeverities, isAnomalyKind, isSiteKind } from "./values";
import { staffRoles } from "@/lib/auth/values";

const optionalId = z.preprocess((value) => (value === "" ? null : value), z.uuid().nullable().optional());
const optionalRole = z.preprocess((value) => (value === "" ? null : value), z.enum(staffRoles).nullable().optional());
const optionalNumber = z.preprocess((value) => (value === "" || value === undefined ? null : value), z.coerce.number().finite().nullable());

export const alertRuleSchema = z
  .object({
    kind: z.enum(alertKinds),
    name: z.string().trim().min(1, "Name the rule.").max(120),
    enabled: z.coerce.boolean(),
    severity: z.enum(alertSeverities),
    threshold: optionalNumber,
    minCount: z.preprocess((value) => (value === "" || value === undefined ? null : value), z.coerce.number().int().min(1).max(100_000).nullable()),
    windowMinutes: z.coerce.number().int().min(1, "At least 1 minute.").max(1440, "At most a day."),
    fireAfterSeconds: z.coerce.number().int().min(0).max(86_400),
    clearAfterSeconds: z.coerce.number().int().min(0).max(86_400),
    flapChanges: z.coerce.number().int().min(0).max(100),
    routerId: optionalId,
    siteId: optionalId,
    notifyRole: optionalRole,
    notifyUserIds: z.array(z.string().min(1)).max(50).default([]),
    notifyRecovery: z.coerce.boolean(),
    escalateAfterMinutes: z.preprocess((value) => (value === "" || value === undefined ? null : value), z.coerce.number().int().min(1).max(1440).nullable()),
    escalateRole: optionalRole,
    escalateUserIds: z.array(z.string().min(1)).max(50).default([]),
  })
  .superRefine((rule, ctx) => {
    const needsThreshold = !["router_unreachable", "interface_down"].includes(rule.kind) && !isAnomalyKind(rule.kind);
    if (needsThreshold && rule.threshold === null) ctx.addIssue({ code: "custom", path: ["threshold"], message: "Set the threshold." });
    if (rule.threshold !== null && ["cpu_high", "memory_high", "link_utilisation", "sessions_drop", "site_sessions_drop"].includes(rule.kind) && (rule.threshold < 1 || rule.threshold > 100)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "A percentage from 1 to 100." });
    }
    if (rule.kind === "tunnel_down" && rule.threshold !== null && (rule.threshold < 1 || rule.threshold > 1440 || !Number.isInteger(rule.threshold)))
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "Whole minutes from 1 to 1440 (handshakes come every 2 minutes while the tunnel is up)." });
    if (rule.routerId && rule.siteId) ctx.addIssue({ code: "custom", path: ["siteId"], message: "Choose a router or a site, not both." });
    if (rule.routerId && isSiteKind(rule.kind)) ctx.addIssue({ code: "custom", path: ["routerId"], message: "This rule watches whole sites: choose a site, or none for every site." });
    if (rule.escalateAfterMinutes !== null && !rule.escalateRole && rule.escalateUserIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["escalateRole"], message: "Choose who hears about it when nobody acknowledges." });
    }
  });
export type AlertRuleInput = z.output<typeof alertRuleSchema>;

export const maintenanceSchema = z
  .object({
    routerId: optionalId,
    siteId: optionalId,
    startsAt: z.coerce.date({ message: "Choose when it starts." }),
    endsAt: z.coerce.date({ message: "Choose when it ends." }),
    reason: z.string().trim().min(3, "Say what the work is.").max(300),
  })
  .superRefine((window, ctx) => {
    if (window.endsAt <= window.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "It must end after it starts." });
    if (window.endsAt.getTime() - window.startsAt.getTime() > 7 * 86_400_000) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "At most 7 days." });
    if (window.routerId && window.siteId) ctx.addIssue({ code: "custom", path: ["siteId"], message: "Choose a router or a site, not both." });
  });
export type MaintenanceInput = z.output<typeof maintenanceSchema>;
