"use client";
import { OptionList } from "@/components/customers/subscription-fields";
import { useState } from "react";
import { UserPlus } from "lucide-react";
import { inviteStaff } from "@/lib/auth/actions/invite-staff";
import { INVITATION_TTL_DAYS } from "@/lib/auth/values";
import { roleLabels } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { roleDescriptions } from "@/components/staff/role-descriptions";

/** "Invite staff": email + role; the invitee gets a link valid for seven days. */
export function InviteStaffDialog({ roles }: { roles: StaffRole[] }) {
  const [open, setOpen] = useState(false);
  const defaultRole: StaffRole = roles.includes("support") ? "support" : roles[roles.length - 1];
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/auth/invitations").then((m) => m.inviteStaffSchema),
    defaultValues: { email: "", role: defaultRole },
    action: inviteStaff,
    successMessage: (sent) => `Invitation sent to ${sent.email}.`,
    onSuccess: () => {
      form.reset({ email: "", role: defaultRole });
      setOpen(false);
    },
  });
  const role = form.watch("role") as StaffRole;
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
      <DialogTrigger asChild>
        <Button type="button">
          <UserPlus aria-hidden="true" />
          Invite staff
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Invite a staff member"
        description={`They get an email with a link to choose their password. The link works once and for ${INVITATION_TTL_DAYS} days.`}
      >
        <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
          <Field label="Email" error={errorOf("email")}>
            <Input type="email" autoComplete="off" placeholder="name@example.ph" {...form.register("email")} />
          </Field>
          <Field label="Role" error={errorOf("role")} hint={roleDescriptions[role]}>
            <NativeSelect {...form.register("role")}>
              <OptionList options={roles.map((r) => ({ id: r, name: roleLabels[r] }))} />
            </NativeSelect>
          </Field>
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? "Sending…" : "Send invitation"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
