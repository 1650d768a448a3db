import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm } from "@/components/staff/accept-invitation-form";
import { findInvitationByToken } from "@/lib/auth/staff";
import { invitationProblem } from "@/lib/auth/invitations";
import { getSessionUser } from "@/lib/auth/session";
import { roleLabels, rolesRequiring2fa } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { formatDateTime } from "@/lib/core/dates";

export const metadata = { title: "Accept your invitation", referrer: "no-referrer" };

const problemTitles = {
  unknown: "This link does not work",
  expired: "This invitation has expired",
  revoked: "This invitation was withdrawn",
  accepted: "This invitation was already used",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, signedIn] = await Promise.all([getDb().then((db) => findInvitationByToken(db, token)), getSessionUser()]);

  if (invitation.state !== "pending") {
    return (
      <AuthCard
        title={problemTitles[invitation.state]}
        footer={
          <Link className="text-primary underline-offset-4 hover:underline" href="/sign-in">
            Go to sign-in
          </Link>
        }
      >
        <p role="alert" className="text-sm">
          {invitationProblem[invitation.state]}
        </p>
      </AuthCard>
    );
  }

  const needsTwoFactor = rolesRequiring2fa.includes(invitation.role);
  return (
    <AuthCard
      title={`Join ${invitation.tenantName} on NetSphere`}
      description={`You are invited as ${roleLabels[invitation.role]}. Choose your name and password to finish.`}
      footer={`This invitation is valid until ${formatDateTime(invitation.expiresAt, invitation.timeZone)}.`}
    >
      <div className="flex flex-col gap-4">
        {signedIn ? (
          <p role="note" className="rounded-md border border-warning/50 px-3 py-2 text-sm">
            You are signed in as {signedIn.email}. Accepting signs you in as {invitation.email} instead.
          </p>
        ) : null}
        {needsTwoFactor ? (
          <p className="text-sm text-muted-foreground">
            {roleLabels[invitation.role]}s must use two-factor authentication: right after this step you will link an authenticator app.
          </p>
        ) : null}
        <AcceptInvitationForm token={token} email={invitation.email} needsTwoFactor={needsTwoFactor} />
      </div>
    </AuthCard>
  );
}
