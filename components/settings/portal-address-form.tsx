"use client";
import { useRouter } from "next/navigation";
import { savePortalSlugAction } from "@/lib/tenants/actions/portal";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** The ISP's short name in `/portal/<slug>`; changing it breaks links already given out, and the form says so. */
export function PortalAddressForm({ slug, prefix }: { slug: string; prefix: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/portal-rules").then((m) => m.portalSlugFormSchema),
    defaultValues: { slug },
    action: savePortalSlugAction,
    successMessage: (data: { changed: boolean }) => (data.changed ? "Portal address changed." : "The portal address is unchanged."),
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field
        label="Short name"
        error={errorOf("slug")}
        hint={`Your portal is at ${prefix}<short name>/sign-in. 3–40 lowercase letters, digits and dashes. Old links stop working when you change it: we do not redirect them, so update printed bills and saved messages.`}
      >
        <Input autoComplete="off" spellCheck={false} inputMode="url" {...form.register("slug")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          Save portal address
        </Button>
      </div>
    </form>
  );
}
