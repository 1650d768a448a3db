"use client";
import { useRouter } from "next/navigation";
import type { Path } from "react-hook-form";
import { saveBillingSettingsAction } from "@/lib/billing/actions/admin";
import type { BillingSettingsValues } from "@/lib/billing/forms";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

const loadSchema = () => import("@/lib/billing/forms").then((m) => m.billingSettingsSchema);

const sampleNumber = (prefix: string, year: number) => `${prefix.trim().toUpperCase() || "…"}-${year}-000123`;

function Section({ legend, description, children }: { legend: string; description?: string; children: React.ReactNode }) {
  return (
    <fieldset className="min-w-0 rounded-md border p-4">
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      {description ? <p className="mb-3 text-xs text-muted-foreground">{description}</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** Periods, terms, dunning, late fees and document prefixes; fields a choice makes irrelevant are hidden. */
export function BillingSettingsForm({ initial, year, readOnly = false }: { initial: BillingSettingsValues; year: number; readOnly?: boolean }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema,
    defaultValues: initial,
    action: saveBillingSettingsAction,
    successMessage: "Billing settings saved. They apply to invoices issued from now on.",
    onSuccess: () => {
      // The saved values, as the schema normalises them, become the ones a hidden field falls back to; the check
      // before saving loaded the schema already.
      void loadSchema().then(
        (schema) => form.reset(schema.parse(form.getValues())),
        () => form.reset(form.getValues()),
      );
      router.refresh();
    },
  });
  const r = form.register;
  const anchor = form.watch("billingAnchor");
  const lateFeeMode = form.watch("lateFeeMode");
  const [invoicePrefix, receiptPrefix, creditNotePrefix] = form.watch(["invoicePrefix", "receiptPrefix", "creditNotePrefix"]);
  // A field that a choice hides goes back to its saved value, so a half-typed value can't block saving unseen.
  const resetHidden = (...names: Path<BillingSettingsValues>[]) => names.forEach((name) => form.resetField(name));

  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-5">
      <fieldset disabled={readOnly} className="contents">
        <Section legend="Billing periods">
          <Field label="Subscriptions are billed" error={errorOf("billingAnchor")} className="flex flex-col gap-1.5 sm:col-span-2">
            <NativeSelect
              {...r("billingAnchor", {
                onChange: (e) => {
                  if (e.target.value === "anniversary") resetHidden("billingDay");
                },
              })}
            >
              <option value="billing_day">On one billing day each month</option>
              <option value="anniversary">On the day each subscription started</option>
            </NativeSelect>
          </Field>
          <Field label="Invoices are issued" error={errorOf("billingMode")} className="flex flex-col gap-1.5 sm:col-span-2">
            <NativeSelect {...r("billingMode")}>
              <option value="prepaid">Prepaid: when each period starts</option>
              <option value="postpaid">Postpaid: after each period ends</option>
            </NativeSelect>
          </Field>
          {anchor === "billing_day" ? (
            <Field label="Billing day" hint="1 to 28, so every month has it; a first period is prorated" error={errorOf("billingDay")}>
              <Input inputMode="numeric" {...r("billingDay")} />
            </Field>
          ) : null}
          <Field
            label="Payment terms (days)"
            hint="The due date is the issue date plus these days; 0 means due on issue"
            error={errorOf("paymentTermsDays")}
          >
            <Input inputMode="numeric" {...r("paymentTermsDays")} />
          </Field>
        </Section>

        <Section
          legend="Reminders and suspension"
          description="A reminder is emailed to the customer this many days before and after the due date, and on the due date itself; 0 skips one."
        >
          <Field label="Days before the due date" error={errorOf("reminderDaysBefore")}>
            <Input inputMode="numeric" {...r("reminderDaysBefore")} />
          </Field>
          <Field label="Days after the due date" error={errorOf("reminderDaysAfter")}>
            <Input inputMode="numeric" {...r("reminderDaysAfter")} />
          </Field>
          <Field
            label="Suspend after (days overdue)"
            hint="Service is suspended on the router (as set under Settings → Suspension on the routers) and restored automatically the moment the overdue invoices are paid."
            error={errorOf("suspendAfterDays")}
            className="flex flex-col gap-1.5 sm:col-span-2"
          >
            <Input inputMode="numeric" {...r("suspendAfterDays")} />
          </Field>
        </Section>

        <Section legend="Late fees">
          <Field label="Late fee" error={errorOf("lateFeeMode")} className="flex flex-col gap-1.5 sm:col-span-2">
            <NativeSelect
              {...r("lateFeeMode", {
                onChange: (e) => {
                  const mode = e.target.value;
                  if (mode !== "fixed") resetHidden("lateFeeFixed");
                  if (mode !== "percent") resetHidden("lateFeePercent");
                  if (mode === "none") resetHidden("lateFeeCap", "lateFeeGraceDays", "lateFeeRecurrence");
                },
              })}
            >
              <option value="none">No late fee</option>
              <option value="fixed">A fixed amount (₱)</option>
              <option value="percent">A percentage of the unpaid amount</option>
            </NativeSelect>
          </Field>
          {lateFeeMode === "fixed" ? (
            <Field label="Fee (₱)" hint="e.g. 100 or 50.00" error={errorOf("lateFeeFixed")}>
              <Input inputMode="decimal" {...r("lateFeeFixed")} />
            </Field>
          ) : null}
          {lateFeeMode === "percent" ? (
            <Field label="Fee (% of the unpaid amount)" hint="0.01 to 25" error={errorOf("lateFeePercent")}>
              <Input inputMode="decimal" {...r("lateFeePercent")} />
            </Field>
          ) : null}
          {lateFeeMode !== "none" ? (
            <>
              <Field label="Cap per invoice (₱)" hint="All late fees on one invoice together; empty for no cap" error={errorOf("lateFeeCap")}>
                <Input inputMode="decimal" {...r("lateFeeCap")} />
              </Field>
              <Field label="Grace period (days)" hint="Days after the due date before the first fee" error={errorOf("lateFeeGraceDays")}>
                <Input inputMode="numeric" {...r("lateFeeGraceDays")} />
              </Field>
              <Field label="Charged" error={errorOf("lateFeeRecurrence")}>
                <NativeSelect {...r("lateFeeRecurrence")}>
                  <option value="once">Once per invoice</option>
                  <option value="monthly">Again every 30 days it stays unpaid</option>
                </NativeSelect>
              </Field>
            </>
          ) : null}
        </Section>

        <Section legend="Document numbers" description="2 to 6 letters, different for each kind; numbers restart at 000001 each year.">
          <Field label="Invoice prefix" hint={`Reads ${sampleNumber(invoicePrefix, year)}`} error={errorOf("invoicePrefix")}>
            <Input autoComplete="off" className="uppercase" {...r("invoicePrefix")} />
          </Field>
          <Field label="Official receipt prefix" hint={`Reads ${sampleNumber(receiptPrefix, year)}`} error={errorOf("receiptPrefix")}>
            <Input autoComplete="off" className="uppercase" {...r("receiptPrefix")} />
          </Field>
          <Field label="Credit note prefix" hint={`Reads ${sampleNumber(creditNotePrefix, year)}`} error={errorOf("creditNotePrefix")}>
            <Input autoComplete="off" className="uppercase" {...r("creditNotePrefix")} />
          </Field>
        </Section>
      </fieldset>
      {readOnly ? null : (
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save billing settings"}
          </Button>
        </div>
      )}
    </form>
  );
}
