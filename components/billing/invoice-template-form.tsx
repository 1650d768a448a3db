"use client";
import { useRouter } from "next/navigation";
import { useWatch } from "react-hook-form";
import { saveInvoiceTemplateAction } from "@/lib/billing/actions/invoice-template";
import { brandColorProblem, LOGO_MAX_BYTES, logoProblem, logoTooLarge } from "@/lib/billing/documents/branding-checks";
import type { InvoiceTemplateInput } from "@/lib/billing/documents/template-rules";
import { sampleInvoiceDocument } from "@/lib/billing/documents/sample";
import type { DocumentBranding } from "@/lib/billing/documents/types";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { InvoiceDocument } from "@/components/billing/invoice-document";

/** Files this big are refused before the browser reads them at all. */
const READ_LIMIT = 10 * LOGO_MAX_BYTES;

/** The invoice template form beside a live preview of a sample invoice in that template. */
export function InvoiceTemplateEditor({ branding, readOnly }: { branding: DocumentBranding; readOnly: boolean }) {
  const router = useRouter();
  const initial: InvoiceTemplateInput = {
    logoDataUrl: branding.logoDataUrl,
    brandColor: branding.brandColor,
    invoiceNotes: branding.invoiceNotes,
    invoiceFooter: branding.invoiceFooter,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/documents/template-rules").then((m) => m.invoiceTemplateSchema),
    defaultValues: initial,
    action: saveInvoiceTemplateAction,
    successMessage: "Invoice template saved. New PDFs use it from now on.",
    onSuccess: () => router.refresh(),
  });
  const values = useWatch({ control: form.control });
  const logo = values.logoDataUrl ?? null;
  const color = values.brandColor ?? "";
  const logoOk = logo !== null && logoProblem(logo) === null;
  const colorOk = brandColorProblem(color.trim()) === null;

  // The preview shows what would be saved; a value with a problem shows the saved one until it is fixed.
  const preview = sampleInvoiceDocument({
    ...branding,
    logoDataUrl: logo === null ? null : logoOk ? logo : branding.logoDataUrl,
    brandColor: colorOk ? color.trim() : branding.brandColor,
    invoiceNotes: values.invoiceNotes ?? "",
    invoiceFooter: values.invoiceFooter ?? "",
  });

  const setLogo = (value: string | null) => form.setValue("logoDataUrl", value, { shouldDirty: true, shouldValidate: true });
  const onFile = (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > READ_LIMIT) {
      form.setError("logoDataUrl", { message: logoTooLarge(file.size) });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setLogo(String(reader.result));
    reader.onerror = () => form.setError("logoDataUrl", { message: "The file could not be read. Try another one." });
    reader.readAsDataURL(file);
  };

  const r = form.register;
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
      <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-5" aria-label="Invoice template">
        <fieldset disabled={readOnly} className="flex flex-col gap-5">
          <div className="flex flex-col gap-2">
            <Field label="Logo" hint="PNG or JPEG, at most 200 KB. Printed at the top left of invoices and receipts." error={errorOf("logoDataUrl")}>
              <Input
                type="file"
                accept="image/png,image/jpeg"
                onChange={onFile}
                className="h-auto py-1.5 file:mr-3 file:rounded file:border-0 file:bg-muted file:px-2 file:py-1 file:text-sm"
              />
            </Field>
            {logo !== null ? (
              <div className="flex flex-wrap items-center gap-3">
                {logoOk ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={logo} alt="Logo to be printed" className="h-12 max-w-40 rounded border bg-white object-contain p-1" />
                ) : null}
                <Button type="button" variant="outline" size="sm" onClick={() => setLogo(null)}>
                  Remove logo
                </Button>
              </div>
            ) : (
              <p className="text-xs text-muted-foreground">No logo: documents show the business name only.</p>
            )}
          </div>

          <div className="flex items-start gap-2">
            <Field
              label="Brand colour"
              hint="Colours the title and rules; it must be dark enough to read on white paper."
              error={errorOf("brandColor")}
              className="flex flex-1 flex-col gap-1.5"
            >
              <Input {...r("brandColor")} placeholder="#0f766e" autoComplete="off" spellCheck={false} className="font-mono" />
            </Field>
            <input
              type="color"
              aria-label="Pick the brand colour"
              value={/^#[0-9a-fA-F]{6}$/.test(color.trim()) ? color.trim().toLowerCase() : "#0f766e"}
              onChange={(e) => form.setValue("brandColor", e.target.value, { shouldDirty: true, shouldValidate: true })}
              className="mt-5 h-9 w-12 shrink-0 cursor-pointer rounded-md border border-input bg-card p-1 disabled:cursor-not-allowed"
            />
          </div>

          <Field
            label="Invoice notes"
            hint="How to pay: GCash number, bank account, office hours. Up to 1,000 characters."
            error={errorOf("invoiceNotes")}
          >
            <Textarea rows={4} {...r("invoiceNotes")} />
          </Field>
          <Field label="Footer" hint="Printed at the bottom of every page. Up to 1,000 characters." error={errorOf("invoiceFooter")}>
            <Textarea rows={3} {...r("invoiceFooter")} />
          </Field>
        </fieldset>
        {readOnly ? null : (
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save template"}
            </Button>
          </div>
        )}
      </form>

      <section aria-labelledby="template-preview-heading" className="flex min-w-0 flex-col gap-2">
        <h2 id="template-preview-heading" className="text-base font-semibold">
          Preview
        </h2>
        <p className="text-sm text-muted-foreground">A sample invoice in this template; the customer and amounts are made up.</p>
        <InvoiceDocument doc={preview} />
      </section>
    </div>
  );
}
