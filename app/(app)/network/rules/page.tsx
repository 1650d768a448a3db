import { requireStaffPage } from "@/lib/auth/session";
import { can, roleLabels } from "@/lib/auth/permissions";
import { staffRoles } from "@/lib/auth/values";
import { listStaff } from "@/lib/auth/staff";
import { listRouters, listSites } from "@/lib/routers/service";
import { listAlertRules } from "@/lib/alerts/rules-service";

type AlertRule = Awaited<ReturnType<typeof listAlertRules>>[number];
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { NetworkTabs } from "@/components/network/network-tabs";
import { SeverityBadge } from "@/components/network/incident-badges";
import { RuleSummary } from "@/components/network/rule-summary";
import { DeleteRuleButton, newRuleValues, RuleForm, RuleSwitch, type RuleChoices, type RuleFormValues } from "@/components/network/rule-form";

export const metadata = { title: "Alert rules" };

const text = (value: number | null) => (value === null ? "" : String(value));

function formValuesOf(rule: AlertRule): RuleFormValues {
  return {
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    threshold: text(rule.threshold),
    minCount: text(rule.minCount),
    windowMinutes: String(Math.max(1, Math.round(rule.windowSeconds / 60))),
    fireAfterSeconds: String(rule.fireAfterSeconds),
    clearAfterSeconds: String(rule.clearAfterSeconds),
    flapChanges: String(rule.flapChanges),
    routerId: rule.routerId ?? "",
    siteId: rule.siteId ?? "",
    notifyRole: rule.notifyRole ?? "",
    notifyUserIds: rule.notifyUserIds,
    notifyRecovery: rule.notifyRecovery,
    escalateAfterMinutes: text(rule.escalateAfterMinutes),
    escalateRole: rule.escalateRole ?? "",
    escalateUserIds: rule.escalateUserIds,
  };
}

export default async function AlertRulesPage() {
  const ctx = await requireStaffPage("network:view");
  const mayEdit = can(ctx.role, "alerts:settings");
  const [rules, routers, sites, staff] = await Promise.all([
    listAlertRules(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
    listStaff(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const names = {
    routerNames: new Map(routers.map((r) => [r.id, r.name])),
    siteNames: new Map(sites.map((s) => [s.id, s.name])),
    staffNames: new Map(staff.map((m) => [m.id, m.name])),
    roleLabels: roleLabels as Record<string, string>,
  };
  const choices: RuleChoices = {
    routers: routers.map((r) => ({ id: r.id, name: r.name })),
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    staff: staff.filter((m) => m.active).map((m) => ({ id: m.id, name: m.name })),
    roles: staffRoles.map((role) => ({ value: role, label: roleLabels[role] })),
  };
  return (
    <>
      <PageHeader
        title="Alert rules"
        description={
          mayEdit
            ? "What opens an incident, how long a condition must hold, and who is told. Changes reach the poller within 30 seconds."
            : "What opens an incident and who is told. Only owners and admins change them."
        }
      />
      <NetworkTabs />
      <div className="flex flex-col gap-4">
        {mayEdit ? (
          <details className="rounded-lg border bg-card p-4">
            <summary className="cursor-pointer font-medium">Add rule</summary>
            <div className="mt-4">
              <RuleForm ruleId={null} values={newRuleValues} choices={choices} />
            </div>
          </details>
        ) : null}
        {rules.map((rule) => (
          <Card key={rule.id}>
            <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
              <CardTitle className="flex flex-wrap items-center gap-2">
                {rule.name}
                <SeverityBadge severity={rule.severity} />
                {rule.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
              </CardTitle>
              {mayEdit ? (
                <div className="flex flex-wrap gap-2">
                  <RuleSwitch ruleId={rule.id} enabled={rule.enabled} name={rule.name} />
                  <DeleteRuleButton ruleId={rule.id} name={rule.name} />
                </div>
              ) : null}
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <RuleSummary rule={rule} {...names} />
              {mayEdit ? (
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-primary">Edit {rule.name}</summary>
                  <div className="mt-3">
                    <RuleForm key={rule.updatedAt.getTime()} ruleId={rule.id} values={formValuesOf(rule)} choices={choices} />
                  </div>
                </details>
              ) : null}
            </CardContent>
          </Card>
        ))}
      </div>
    </>
  );
}
