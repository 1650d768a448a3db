"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import type { StaffContext } from "@/lib/auth/context";
import { AppError } from "@/lib/core/errors";
import { wallClockInstant } from "@/lib/core/time-zones";
import { listStaff } from "@/lib/auth/staff";
import { getRouter, listSites } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { alertRuleSchema, maintenanceSchema, type AlertRuleInput } from "@/lib/alerts/rules";
import { alertRuleRefSchema, maintenanceFormSchema, maintenanceRefSchema } from "@/lib/alerts/forms";
import {
  createAlertRule,
  createMaintenanceWindow,
  deleteAlertRule,
  endMaintenanceWindow,
  listAlertRules,
  updateAlertRule,
} from "@/lib/alerts/rules-service";
import type { AlertRule } from "@/lib/alerts/schema";

const rulePaths = ["/network/rules"];
const maintenancePaths = ["/network/maintenance", "/network"];

/** The router, site and staff members a rule or window names must be this ISP's. */
async function assertScopeOfTenant(ctx: StaffContext, scope: { routerId?: string | null; siteId?: string | null; userIds?: string[] }) {
  if (scope.routerId) {
    await getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: scope.routerId }).catch(() => {
      throw new AppError("not_found", "Router not found. Reload the page and choose again.", {
        fieldErrors: { routerId: ["Choose one of your routers."] },
      });
    });
  }
  if (scope.siteId && !(await listSites(ctx.db, { tenantId: ctx.tenantId })).some((site) => site.id === scope.siteId)) {
    throw new AppError("not_found", "Site not found. Reload the page and choose again.", { fieldErrors: { siteId: ["Choose one of your sites."] } });
  }
  const userIds = scope.userIds ?? [];
  if (userIds.length > 0) {
    const staff = new Set((await listStaff(ctx.db, { tenantId: ctx.tenantId })).map((member) => member.id));
    if (userIds.some((id) => !staff.has(id))) {
      throw new AppError("not_found", "A staff member to tell was not found. Reload the page and choose again.");
    }
  }
}

const ruleScope = (rule: AlertRuleInput) => ({
  routerId: rule.routerId,
  siteId: rule.siteId,
  userIds: [...rule.notifyUserIds, ...rule.escalateUserIds],
});

export const createAlertRuleAction = defineStaffAction({
  name: "createAlertRule",
  permission: "alerts:settings",
  input: alertRuleSchema,
  revalidate: rulePaths,
  run: async (ctx, input) => {
    await assertScopeOfTenant(ctx, ruleScope(input));
    const rule = await createAlertRule(ctx.db, actorOf(ctx), input);
    return { id: rule.id };
  },
});

export const updateAlertRuleAction = defineStaffAction({
  name: "updateAlertRule",
  permission: "alerts:settings",
  input: z.object({ ruleId: z.uuid(), rule: alertRuleSchema }),
  revalidate: rulePaths,
  run: async (ctx, input) => {
    await assertScopeOfTenant(ctx, ruleScope(input.rule));
    await updateAlertRule(ctx.db, actorOf(ctx), { ruleId: input.ruleId, ...input.rule });
    return { id: input.ruleId };
  },
});

/** A stored rule as the form's input, to save it back with one thing changed. */
function inputOf(rule: AlertRule): AlertRuleInput {
  return {
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    threshold: rule.threshold,
    minCount: rule.minCount,
    windowMinutes: Math.max(1, Math.round(rule.windowSeconds / 60)),
    fireAfterSeconds: rule.fireAfterSeconds,
    clearAfterSeconds: rule.clearAfterSeconds,
    flapChanges: rule.flapChanges,
    routerId: rule.routerId,
    siteId: rule.siteId,
    notifyRole: rule.notifyRole as AlertRuleInput["notifyRole"],
    notifyUserIds: rule.notifyUserIds,
    notifyRecovery: rule.notifyRecovery,
    escalateAfterMinutes: rule.escalateAfterMinutes,
    escalateRole: rule.escalateRole as AlertRuleInput["escalateRole"],
    escalateUserIds: rule.escalateUserIds,
  };
}

export const setAlertRuleEnabledAction = defineStaffAction({
  name: "setAlertRuleEnabled",
  permission: "alerts:settings",
  input: z.object({ ruleId: z.uuid(), enabled: z.boolean() }),
  revalidate: rulePaths,
  run: async (ctx, input) => {
    const rule = (await listAlertRules(ctx.db, { tenantId: ctx.tenantId })).find((row) => row.id === input.ruleId);
    if (!rule) throw new AppError("not_found", "Alert rule not found. Reload the page.");
    await updateAlertRule(ctx.db, actorOf(ctx), { ruleId: rule.id, ...inputOf(rule), enabled: input.enabled });
    return { id: rule.id, enabled: input.enabled };
  },
});

export const deleteAlertRuleAction = defineStaffAction({
  name: "deleteAlertRule",
  permission: "alerts:settings",
  input: alertRuleRefSchema,
  revalidate: rulePaths,
  run: async (ctx, input) => {
    await deleteAlertRule(ctx.db, actorOf(ctx), input);
    return { id: input.ruleId };
  },
});

export const createMaintenanceWindowAction = defineStaffAction({
  name: "createMaintenanceWindow",
  permission: "alerts:settings",
  input: maintenanceFormSchema,
  revalidate: maintenancePaths,
  run: async (ctx, input) => {
    await assertScopeOfTenant(ctx, { routerId: input.routerId, siteId: input.siteId });
    const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
    const parsed = maintenanceSchema.safeParse({
      ...input,
      startsAt: wallClockInstant(input.startsAt, timeZone),
      endsAt: wallClockInstant(input.endsAt, timeZone),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("validation", issue.message, { fieldErrors: { [String(issue.path[0] ?? "endsAt")]: [issue.message] } });
    }
    const window = await createMaintenanceWindow(ctx.db, actorOf(ctx), parsed.data);
    return { id: window.id };
  },
});

export const endMaintenanceWindowAction = defineStaffAction({
  name: "endMaintenanceWindow",
  permission: "alerts:settings",
  input: maintenanceRefSchema,
  revalidate: maintenancePaths,
  run: async (ctx, input) => {
    await endMaintenanceWindow(ctx.db, actorOf(ctx), input);
    return { id: input.windowId };
  },
});
