"use client";
import { useRouter } from "next/navigation";
import { signUpIsp } from "@/lib/auth/actions/sign-up";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function SignUpForm() {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/rules").then((m) => m.signUpSchema),
    defaultValues: { name: "", legalName: "", address: "", tin: "", contactName: "", contactPhone: "", email: "", password: "" },
    action: signUpIsp,
    successMessage: "Your ISP account is ready. Next: secure it with two-factor authentication.",
    onSuccess: () => router.push("/two-factor/setup"),
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
      <Field label="Business name" error={errorOf("name")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="organization" {...r("name")} />
      </Field>
      <Field label="Registered (legal) name" error={errorOf("legalName")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input {...r("legalName")} />
      </Field>
      <Field label="Business address" error={errorOf("address")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="street-address" {...r("address")} />
      </Field>
      <Field label="TIN" hint="BIR Taxpayer Identification Number" error={errorOf("tin")}>
        <Input inputMode="numeric" placeholder="123-456-789-000" {...r("tin")} />
      </Field>
      <Field label="Contact phone" error={errorOf("contactPhone")}>
        <Input type="tel" autoComplete="tel" placeholder="0917 123 4567" {...r("contactPhone")} />
      </Field>
      <Field label="Your name" error={errorOf("contactName")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="name" {...r("contactName")} />
      </Field>
      <Field label="Email" error={errorOf("email")}>
        <Input type="email" autoComplete="email" {...r("email")} />
      </Field>
      <Field label="Password" hint="At least 10 characters" error={errorOf("password")}>
        <Input type="password" autoComplete="new-password" {...r("password")} />
      </Field>
      <Button type="submit" disabled={pending} className="sm:col-span-2">
        {pending ? "Creating your account…" : "Create ISP account"}
      </Button>
    </form>
  );
}
