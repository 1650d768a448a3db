import Link from "next/link";
import { getSessionUser, requireStaffPage } from "@/lib/auth/session";
import { roleLabels } from "@/lib/auth/permissions";
import { listOwnSessions } from "@/lib/auth/staff-sessions";
import { getTenant } from "@/lib/tenants/service";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SessionList, type SessionRow } from "@/components/account/session-list";
import { SignOutOtherDevices } from "@/components/account/sign-out-others";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { RegenerateRecoveryCodes } from "@/components/account/recovery-codes";
import { toSessionRow } from "@/components/account/format";
import { AlertContactsForm } from "@/components/account/alert-contacts-form";
import { getAlertContacts } from "@/lib/auth/alert-contacts";
import { enabledChannels } from "@/lib/notify/settings";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  // Every staff role holds dashboard:view: this page is for anyone signed in to the ISP.
  const ctx = await requireStaffPage("dashboard:view");
  const user = await getSessionUser();
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const sessions = await listOwnSessions(ctx.db, { userId: ctx.userId, currentToken: user?.sessionToken ?? null });
  const rows: SessionRow[] = sessions.map((s) => toSessionRow(s, tenant.timezone));
  const others = rows.filter((r) => !r.current).length;
  const [contacts, channels] = await Promise.all([getAlertContacts(ctx.db, ctx), enabledChannels(ctx.db, { tenantId: ctx.tenantId })]);

  return (
    <>
      <PageHeader title="Your account" description={`${ctx.userName} · ${ctx.email} · ${roleLabels[ctx.role]} at ${tenant.name}`} />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card className="xl:col-span-2">
          <CardHeader>
            <CardTitle>Signed-in devices</CardTitle>
            <CardDescription>
              Every browser or phone where you are signed in. Sign out any you do not recognise, then change your password.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <SessionList sessions={rows} scope={{ kind: "own" }} />
            {others > 0 ? (
              <div>
                <SignOutOtherDevices count={others} />
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Alert contacts</CardTitle>
            <CardDescription>How you are told about network incidents you are on call for, escalations and SLA alerts.</CardDescription>
          </CardHeader>
          <CardContent>
            <AlertContactsForm initial={contacts} enabled={[...channels]} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Changing it signs out every other device.</CardDescription>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              Two-factor authentication
              {user?.twoFactorEnabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
            </CardTitle>
            <CardDescription>
              {user?.twoFactorEnabled
                ? "Sign-in asks for a code from your authenticator app. Recovery codes let you in if you lose your phone."
                : "Add a code from an authenticator app to your sign-in, so a stolen password is not enough."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {user?.twoFactorEnabled ? (
              <RegenerateRecoveryCodes />
            ) : (
              <Button asChild size="sm">
                <Link href="/two-factor/setup">Turn on two-factor authentication</Link>
              </Button>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
