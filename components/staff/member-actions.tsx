"use client";
import { OptionList } from "@/components/customers/subscription-fields";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { changeStaffRole } from "@/lib/auth/actions/change-staff-role";
import { deactivateStaff } from "@/lib/auth/actions/deactivate-staff";
import { reactivateStaff } from "@/lib/auth/actions/reactivate-staff";
import { roleLabels } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";
import { Field } from "@/components/forms/field";
import { NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { ConfirmButton } from "@/components/staff/confirm-button";
import { roleDescriptions } from "@/components/staff/role-descriptions";
import { SessionList, type SessionRow } from "@/components/account/session-list";

export type MemberView = { id: string; name: string; email: string; role: StaffRole | null; active: boolean };

/** Row actions on the staff page; the page decides which ones the viewer may use. */
export function MemberActions({
  member,
  roles,
  canChange,
  canToggleActive,
  sessions,
}: {
  member: MemberView;
  roles: StaffRole[];
  canChange: boolean;
  canToggleActive: boolean;
  sessions: SessionRow[] | null;
}) {
  return (
    <div className="flex flex-wrap gap-2 md:justify-end">
      {canChange ? <ChangeRoleDialog member={member} roles={roles} /> : null}
      {sessions ? <MemberSessionsDialog member={member} sessions={sessions} /> : null}
      {canToggleActive ? (
        member.active ? (
          <ConfirmButton
            label="Deactivate"
            ariaLabel={`Deactivate ${member.name}`}
            title={`Deactivate ${member.name}?`}
            description={`${member.email} is signed out of every device at once and cannot sign in until reactivated. Their history stays.`}
            confirmLabel="Deactivate"
            successMessage={`${member.name} was deactivated and signed out.`}
            danger
            run={() => deactivateStaff({ userId: member.id })}
          />
        ) : (
          <ConfirmButton
            label="Reactivate"
            ariaLabel={`Reactivate ${member.name}`}
            title={`Reactivate ${member.name}?`}
            description={`${member.email} can sign in again with their password${member.role ? ` as ${roleLabels[member.role]}` : ""}.`}
            confirmLabel="Reactivate"
            successMessage={`${member.name} can sign in again.`}
            run={() => reactivateStaff({ userId: member.id })}
          />
        )
      ) : null}
    </div>
  );
}

function ChangeRoleDialog({ member, roles }: { member: MemberView; roles: StaffRole[] }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<StaffRole>(member.role ?? roles[roles.length - 1]);
  const [pending, start] = useTransition();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    start(async () => {
      const result = await changeStaffRole({ userId: member.id, role });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(result.data.changed ? `${member.name} is now ${roleLabels[role]}.` : "The role is unchanged.");
      setOpen(false);
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        if (next) setRole(member.role ?? roles[roles.length - 1]);
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" aria-label={`Change role of ${member.name}`}>
          Change role
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Change ${member.name}'s role`}
        description={`Currently ${member.role ? roleLabels[member.role] : "no role"}. The change applies on their next page load.`}
      >
        <form method="post" onSubmit={save} className="flex flex-col gap-4">
          <Field label="New role" hint={roleDescriptions[role]}>
            <NativeSelect value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              <OptionList options={roles.map((r) => ({ id: r, name: roleLabels[r] }))} />
            </NativeSelect>
          </Field>
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || role === member.role}>
              {pending ? "Saving…" : "Change role"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function MemberSessionsDialog({ member, sessions }: { member: MemberView; sessions: SessionRow[] }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" aria-label={`Sessions of ${member.name} (${sessions.length})`}>
          Sessions ({sessions.length})
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`${member.name}'s sessions`}
        description="Devices signed in to this account. Signing a device out ends that session at once."
      >
        <SessionList sessions={sessions} scope={{ kind: "member", userId: member.id, memberName: member.name }} />
      </DialogContent>
    </Dialog>
  );
}
