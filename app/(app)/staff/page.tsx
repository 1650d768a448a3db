import Link from "next/link";
import { getSessionUser, requireStaffPage } from "@/lib/auth/session";
import { can, roleLabels, rolesRequiring2fa } from "@/lib/auth/permissions";
import { assignableRoles, canManageRole } from "@/lib/auth/invitations";
import { listPendingInvitations, listStaff } from "@/lib/auth/staff";
import { listTenantSessions, type SessionInfo } from "@/lib/auth/staff-sessions";
import { getTenant } from "@/lib/tenants/service";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InviteStaffDialog } from "@/components/staff/invite-staff-dialog";
import { MemberActions } from "@/components/staff/member-actions";
import { InvitationActions } from "@/components/staff/invitation-actions";
import { toSessionRow } from "@/components/account/format";
import { formatDateTime } from "@/lib/core/dates";
import type { SessionRow } from "@/components/account/session-list";
import type { StaffMember } from "@/lib/auth/staff";

export const metadata = { title: "Staff" };

export default async function StaffPage() {
  const ctx = await requireStaffPage("staff:view");
  const canWrite = can(ctx.role, "staff:write");
  const currentToken = (await getSessionUser())?.sessionToken ?? null;
  const [tenant, members, invitations, sessions] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listStaff(ctx.db, { tenantId: ctx.tenantId }),
    listPendingInvitations(ctx.db, { tenantId: ctx.tenantId }),
    canWrite ? listTenantSessions(ctx.db, { tenantId: ctx.tenantId, currentToken }) : Promise.resolve([] as SessionInfo[]),
  ]);
  const when = (d: Date) => formatDateTime(d, tenant.timezone);
  const sessionsOf = (userId: string): SessionRow[] => sessions.filter((s) => s.userId === userId).map((s) => toSessionRow(s, tenant.timezone));
  const roles = assignableRoles(ctx.role);
  const actionsFor = (m: StaffMember) => {
    const manageable = canWrite && canManageRole(ctx.role, m.role);
    return (
      <MemberActions
        member={{ id: m.id, name: m.name, email: m.email, role: m.role, active: m.active }}
        roles={roles}
        canChange={manageable}
        canToggleActive={manageable && m.id !== ctx.userId}
        sessions={canWrite ? sessionsOf(m.id) : null}
      />
    );
  };
  const activeCount = members.filter((m) => m.active).length;

  return (
    <>
      <PageHeader
        title="Staff"
        description={`Who can sign in to ${tenant.name}, and with which role.`}
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/account">Your account and devices</Link>
            </Button>
            {canWrite ? <InviteStaffDialog roles={roles} /> : null}
          </>
        }
      />

      <Card>
        <CardHeader>
          <CardTitle>Team</CardTitle>
          <CardDescription>
            {activeCount} active of {members.length}. Owners and admins must use two-factor authentication; a deactivated member is signed out at
            once.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {/* Phones: one card per person. */}
          <ul className="flex flex-col gap-3 md:hidden">
            {members.map((m) => (
              <li key={m.id} className="rounded-md border p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {m.name}
                      {m.id === ctx.userId ? <span className="text-muted-foreground"> (you)</span> : null}
                    </p>
                    <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">{m.email}</p>
                  </div>
                  <RoleBadge role={m.role} />
                </div>
                <div className="mt-2 flex flex-wrap gap-2">
                  <ActiveBadge active={m.active} />
                  <TwoFactorBadge member={m} />
                </div>
                <p className="mt-2 text-sm text-muted-foreground">Last sign-in: {m.lastSignInAt ? when(m.lastSignInAt) : "never"}</p>
                <div className="mt-3">{actionsFor(m)}</div>
              </li>
            ))}
          </ul>
          {/* Wider screens: a table. */}
          <div className="relative hidden overflow-x-auto md:block">
            <table className="w-full text-sm">
              <caption className="sr-only">Staff members of {tenant.name}</caption>
              <thead className="border-b text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="p-2 font-medium">
                    Name
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    Role
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    Status
                  </th>
                  <th scope="col" className="whitespace-nowrap p-2 font-medium">
                    Last sign-in
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {members.map((m) => (
                  <tr key={m.id} className="align-top">
                    <td className="p-2">
                      <p className="font-medium">
                        {m.name}
                        {m.id === ctx.userId ? <span className="text-muted-foreground"> (you)</span> : null}
                      </p>
                      <p className="text-muted-foreground [overflow-wrap:anywhere]">{m.email}</p>
                    </td>
                    <td className="p-2">
                      <RoleBadge role={m.role} />
                    </td>
                    <td className="p-2">
                      <div className="flex flex-col items-start gap-1">
                        <ActiveBadge active={m.active} />
                        <TwoFactorBadge member={m} />
                      </div>
                    </td>
                    <td className="whitespace-nowrap p-2 tabular-nums">{m.lastSignInAt ? when(m.lastSignInAt) : "Never"}</td>
                    <td className="p-2">
                      <div className="flex justify-end">{actionsFor(m)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </CardContent>
      </Card>

      <Card className="mt-5">
        <CardHeader>
          <CardTitle>Pending invitations</CardTitle>
          <CardDescription>Invitations not yet accepted. Each link works once, for 7 days.</CardDescription>
        </CardHeader>
        <CardContent>
          {invitations.length === 0 ? (
            <EmptyState title="No pending invitations" action={canWrite ? <InviteStaffDialog roles={roles} /> : null}>
              People you invite appear here until they choose their password. You can resend or revoke an invitation.
            </EmptyState>
          ) : (
            <ul className="divide-y rounded-md border">
              {invitations.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
                  <div className="min-w-0 text-sm">
                    <p className="flex flex-wrap items-center gap-2 font-medium">
                      <span className="[overflow-wrap:anywhere]">{i.email}</span>
                      <RoleBadge role={i.role} />
                      {i.expired ? <Badge tone="warning">Expired</Badge> : null}
                    </p>
                    <p className="text-muted-foreground">
                      {i.expired ? "Expired" : "Expires"} {when(i.expiresAt)}
                      {i.invitedByName ? ` · invited by ${i.invitedByName}` : ""}
                    </p>
                  </div>
                  {canWrite ? (
                    <InvitationActions
                      invitation={{ id: i.id, email: i.email, role: i.role, expired: i.expired }}
                      canResend={canManageRole(ctx.role, i.role)}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function RoleBadge({ role }: { role: StaffMember["role"] }) {
  return <Badge tone={role === "owner" ? "info" : "neutral"}>{role ? roleLabels[role] : "No role"}</Badge>;
}

function ActiveBadge({ active }: { active: boolean }) {
  return active ? <Badge tone="success">Active</Badge> : <Badge tone="danger">Deactivated</Badge>;
}

function TwoFactorBadge({ member }: { member: StaffMember }) {
  if (member.twoFactorEnabled) return <Badge tone="success">2FA on</Badge>;
  const required = !!member.role && rolesRequiring2fa.includes(member.role);
  return <Badge tone={required ? "warning" : "neutral"}>{required ? "2FA off (required)" : "2FA off"}</Badge>;
}
