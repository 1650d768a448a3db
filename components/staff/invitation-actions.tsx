"use client";
import { inviteStaff } from "@/lib/auth/actions/invite-staff";
import { revokeInvitation } from "@/lib/auth/actions/revoke-invitation";
import { roleLabels } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";
import { ConfirmButton } from "@/components/staff/confirm-button";

/** Resend (a fresh link, the old one stops working; owner invitations only by owners) and revoke. */
export function InvitationActions({
  invitation,
  canResend,
}: {
  invitation: { id: string; email: string; role: StaffRole; expired: boolean };
  canResend: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {canResend ? (
        <ConfirmButton
          label="Resend"
          ariaLabel={`Resend the invitation to ${invitation.email}`}
          title={`Send ${invitation.email} a new link?`}
          description={`A new invitation as ${roleLabels[invitation.role]} is emailed; the earlier link stops working.`}
          confirmLabel="Send new link"
          successMessage={`A new invitation was sent to ${invitation.email}.`}
          run={() => inviteStaff({ email: invitation.email, role: invitation.role })}
        />
      ) : null}
      <ConfirmButton
        label="Revoke"
        ariaLabel={`Revoke the invitation to ${invitation.email}`}
        title={`Revoke the invitation to ${invitation.email}?`}
        description="The link in their email stops working. You can invite them again later."
        confirmLabel="Revoke invitation"
        successMessage={`The invitation to ${invitation.email} was revoked.`}
        danger
        run={() => revokeInvitation({ invitationId: invitation.id })}
      />
    </div>
  );
}
