"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { addPortalDomainAction, removePortalDomainAction, verifyPortalDomainAction } from "@/lib/tenants/actions/portal";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/staff/confirm-button";

export type DomainRow = {
  id: string;
  hostname: string;
  verified: string | null;
  lastChecked: string | null;
  lastError: string | null;
  /** Verified, but its TXT record is gone: when it stops serving the portal. */
  lapses: string | null;
  records: { txtName: string; txtValue: string; cnameName: string; cnameTarget: string };
};

export function AddDomainForm({ disabled }: { disabled: boolean }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/portal-rules").then((m) => m.portalDomainFormSchema),
    defaultValues: { hostname: "" },
    action: addPortalDomainAction,
    successMessage: (data: { hostname: string }) => `${data.hostname} added. Create its DNS records, then press Verify.`,
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <Field
        label="Domain"
        error={errorOf("hostname")}
        hint="A name of yours for the portal, such as portal.yourisp.ph."
        className="flex flex-1 flex-col gap-1.5"
      >
        <Input
          autoComplete="off"
          spellCheck={false}
          inputMode="url"
          placeholder="portal.yourisp.ph"
          disabled={disabled}
          {...form.register("hostname")}
        />
      </Field>
      <Button type="submit" disabled={pending || disabled} className="sm:mt-6">
        Add domain
      </Button>
    </form>
  );
}

function Record({ label, name, value }: { label: string; name: string; value: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[5rem_1fr]">
      <dt className="font-medium">{label}</dt>
      <dd className="min-w-0">
        <span className="text-muted-foreground">Name </span>
        <code className="break-all font-mono">{name}</code>
        <br />
        <span className="text-muted-foreground">Value </span>
        <code className="break-all font-mono">{value}</code>
      </dd>
    </div>
  );
}

function VerifyButton({ domain }: { domain: DomainRow }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const verify = () =>
    start(async () => {
      const result = await verifyPortalDomainAction({ domainId: domain.id });
      if (!result.ok) toast.error(result.message);
      else if (result.data.verified) toast.success(`${domain.hostname} is verified: your portal answers there.`);
      else toast.error(result.data.error ?? "Not verified yet.");
      router.refresh();
    });
  return (
    <Button type="button" size="sm" onClick={verify} disabled={pending} aria-label={`Verify ${domain.hostname}`}>
      {pending ? "Checking…" : "Verify"}
    </Button>
  );
}

/** The ISP's domains, each with its state and the DNS records it needs. */
export function DomainList({ domains, canEdit }: { domains: DomainRow[]; canEdit: boolean }) {
  const router = useRouter();
  if (domains.length === 0) return <p className="text-sm text-muted-foreground">No domain yet: subscribers use the portal address above.</p>;
  return (
    <ul className="flex flex-col gap-4" aria-label="Custom domains">
      {domains.map((domain) => (
        <li key={domain.id} className="rounded-md border p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="break-all font-semibold">{domain.hostname}</h3>
            {domain.verified ? <Badge tone="success">Verified {domain.verified}</Badge> : <Badge tone="warning">Not verified</Badge>}
            <div className="ml-auto flex gap-2">
              {canEdit && !domain.verified ? <VerifyButton domain={domain} /> : null}
              {canEdit ? (
                <ConfirmButton
                  label="Remove"
                  ariaLabel={`Remove ${domain.hostname}`}
                  title={`Remove ${domain.hostname}?`}
                  description="The portal stops answering there at once, and new messages use your portal address on NetSphere instead. Links already sent with this domain stop working."
                  confirmLabel="Remove domain"
                  successMessage={`${domain.hostname} removed.`}
                  danger
                  variant="ghost"
                  run={() => removePortalDomainAction({ domainId: domain.id })}
                  onDone={() => router.refresh()}
                />
              ) : null}
            </div>
          </div>
          {domain.verified && domain.lapses ? (
            <>
              <p className="mt-2 text-danger" role="status">
                Last check{domain.lastChecked ? ` (${domain.lastChecked})` : ""}: {domain.lastError} Put the TXT record back before {domain.lapses},
                or this domain stops serving your portal.
              </p>
              <dl className="mt-2 flex flex-col gap-2">
                <Record label="TXT" name={domain.records.txtName} value={domain.records.txtValue} />
              </dl>
            </>
          ) : null}
          {domain.verified ? null : (
            <>
              {domain.lastError ? (
                <p className="mt-2 text-danger" role="status">
                  Last check{domain.lastChecked ? ` (${domain.lastChecked})` : ""}: {domain.lastError}
                </p>
              ) : null}
              <p className="mt-2">Create these two records where your domain&apos;s DNS is kept, then press Verify:</p>
              <dl className="mt-2 flex flex-col gap-2">
                <Record label="TXT" name={domain.records.txtName} value={domain.records.txtValue} />
                <Record label="CNAME" name={domain.records.cnameName} value={domain.records.cnameTarget} />
              </dl>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
