"use client";
import { useRouter } from "next/navigation";
import { createAlertRuleAction, deleteAlertRuleAction, setAlertRuleEnabledAction, updateAlertRuleAction } from "@/lib/alerts/actions/rules";
import {
  alertKindLabels,
  isSiteKind,
  alertKinds,
  alertSeverities,
  severityLabels,
  thresholdUnits,
  type AlertKind,
  type AlertSeverity,
} from "@/lib/alerts/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/staff/confirm-button";

type Option = { id: string; name: string };
export type RuleChoices = { routers: Option[]; sites: Option[]; staff: Option[]; roles: { value: string; label: string }[] };

/** A rule as its form holds it: numbers as typed text, "" for none. */
export type RuleFormValues = {
  kind: AlertKind;
  name: string;
  enabled: boolean;
  severity: AlertSeverity;
  threshold: string;
  minCount: string;
  windowMinutes: string;
  fireAfterSeconds: string;
  clearAfterSeconds: string;
  flapChanges: string;
  routerId: string;
  siteId: string;
  notifyRole: string;
  notifyUserIds: string[];
  notifyRecovery: boolean;
  escalateAfterMinutes: string;
  escalateRole: string;
  escalateUserIds: string[];
};

export const newRuleValues: RuleFormValues = {
  kind: "router_unreachable",
  name: "",
  enabled: true,
  severity: "major",
  threshold: "",
  minCount: "",
  windowMinutes: "15",
  fireAfterSeconds: "60",
  clearAfterSeconds: "60",
  flapChanges: "0",
  routerId: "",
  siteId: "",
  notifyRole: "admin",
  notifyUserIds: [],
  notifyRecovery: true,
  escalateAfterMinutes: "",
  escalateRole: "",
  escalateUserIds: [],
};

const loadSchema = () => import("@/lib/alerts/rules").then((m) => m.alertRuleSchema);

/** Add a rule (`ruleId` null) or edit one; the kind is chosen once, when the rule is added. */
export function RuleForm({
  ruleId,
  values,
  choices,
  onDone,
}: {
  ruleId: string | null;
  values: RuleFormValues;
  choices: RuleChoices;
  onDone?: () => void;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema,
    defaultValues: values,
    action: ruleId ? updateAlertRuleAction : createAlertRuleAction,
    toInput: (input) => (ruleId ? { ruleId, rule: input } : input),
    successMessage: ruleId ? "Rule saved: the poller uses it within 30 seconds." : "Rule added.",
    onSuccess: () => {
      if (!ruleId) form.reset(newRuleValues);
      onDone?.();
      router.refresh();
    },
  });
  const kind = form.watch("kind") as AlertKind;
  const unit = thresholdUnits[kind];
  const staffOptions = choices.staff.map((member) => (
    <option key={member.id} value={member.id}>
      {member.name}
    </option>
  ));
  const roleOptions = (
    <>
      <option value="">No role</option>
      {choices.roles.map((role) => (
        <option key={role.value} value={role.value}>
          Every {role.label.toLowerCase()}
        </option>
      ))}
    </>
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      {ruleId ? null : (
        <Field label="Watches" error={errorOf("kind")}>
          <NativeSelect {...form.register("kind")}>
            {alertKinds.map((k) => (
              <option key={k} value={k}>
                {alertKindLabels[k]}
              </option>
            ))}
          </NativeSelect>
        </Field>
      )}
      <Field label="Name" error={errorOf("name")}>
        <Input autoComplete="off" {...form.register("name")} />
      </Field>
      <Field label="Severity" error={errorOf("severity")}>
        <NativeSelect {...form.register("severity")}>
          {alertSeverities.map((s) => (
            <option key={s} value={s}>
              {severityLabels[s]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {unit ? (
        <Field label={`Threshold (${unit})`} error={errorOf("threshold")}>
          <Input inputMode="decimal" {...form.register("threshold")} />
        </Field>
      ) : null}
      {kind === "sessions_drop" || kind === "site_sessions_drop" ? (
        <Field label="At least this many sessions lost" error={errorOf("minCount")}>
          <Input inputMode="numeric" {...form.register("minCount")} />
        </Field>
      ) : null}
      <Field label="Window (minutes)" hint="Counts and drops are measured over it" error={errorOf("windowMinutes")}>
        <Input inputMode="numeric" {...form.register("windowMinutes")} />
      </Field>
      <Field label="Fire after (seconds)" hint="How long the condition must hold" error={errorOf("fireAfterSeconds")}>
        <Input inputMode="numeric" {...form.register("fireAfterSeconds")} />
      </Field>
      <Field label="Clear after (seconds)" hint="How long the recovery must hold" error={errorOf("clearAfterSeconds")}>
        <Input inputMode="numeric" {...form.register("clearAfterSeconds")} />
      </Field>
      <Field label="Flapping after (changes in the window)" hint="0 = never marked flapping" error={errorOf("flapChanges")}>
        <Input inputMode="numeric" {...form.register("flapChanges")} />
      </Field>
      {isSiteKind(kind) ? null : (
        <Field label="Only this router" error={errorOf("routerId")}>
          <NativeSelect {...form.register("routerId")}>
            <option value="">Any router</option>
            {choices.routers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      )}
      <Field label="Only this site" error={errorOf("siteId")}>
        <NativeSelect {...form.register("siteId")}>
          <option value="">Any site</option>
          {choices.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Tell" error={errorOf("notifyRole")}>
        <NativeSelect {...form.register("notifyRole")}>{roleOptions}</NativeSelect>
      </Field>
      <Field label="And these staff members" hint="Ctrl or ⌘ to choose several" error={errorOf("notifyUserIds")}>
        <NativeSelect multiple size={Math.min(4, Math.max(2, choices.staff.length))} className="h-auto" {...form.register("notifyUserIds")}>
          {staffOptions}
        </NativeSelect>
      </Field>
      <Field label="Escalate after (minutes without acknowledgement)" hint="Empty = never" error={errorOf("escalateAfterMinutes")}>
        <Input inputMode="numeric" {...form.register("escalateAfterMinutes")} />
      </Field>
      <Field label="Escalate to" error={errorOf("escalateRole")}>
        <NativeSelect {...form.register("escalateRole")}>{roleOptions}</NativeSelect>
      </Field>
      <Field label="And escalate to these staff members" error={errorOf("escalateUserIds")}>
        <NativeSelect multiple size={Math.min(4, Math.max(2, choices.staff.length))} className="h-auto" {...form.register("escalateUserIds")}>
          {staffOptions}
        </NativeSelect>
      </Field>
      <div className="flex flex-col justify-end gap-2">
        <CheckboxField label="Enabled" {...form.register("enabled")} />
        <CheckboxField label="Also tell when it recovers" {...form.register("notifyRecovery")} />
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : ruleId ? "Save rule" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}

/** Turn a rule on or off without opening its form. */
export function RuleSwitch({ ruleId, enabled, name }: { ruleId: string; enabled: boolean; name: string }) {
  const router = useRouter();
  const { submit, pending } = useActionForm({
    loadSchema: () => import("@/lib/alerts/forms").then((m) => m.alertRuleRefSchema),
    defaultValues: { ruleId },
    action: setAlertRuleEnabledAction,
    toInput: () => ({ ruleId, enabled: !enabled }),
    successMessage: enabled ? "Rule turned off." : "Rule turned on.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate>
      <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={`${enabled ? "Turn off" : "Turn on"} ${name}`}>
        {enabled ? "Turn off" : "Turn on"}
      </Button>
    </form>
  );
}

export function DeleteRuleButton({ ruleId, name }: { ruleId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      ariaLabel={`Delete ${name}`}
      title={`Delete the rule "${name}"?`}
      description="Incidents it opened stay, with their timelines. Nothing is watched by this rule any more."
      confirmLabel="Delete rule"
      successMessage="Rule deleted."
      danger
      run={() => deleteAlertRuleAction({ ruleId })}
      onDone={() => router.refresh()}
    />
  );
}
