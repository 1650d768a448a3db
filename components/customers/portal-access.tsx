import type { PortalAccessState } from "@/lib/portal/accounts";
import type { SpeedTestRow } from "@/lib/portal/speed-tests";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SpeedTestTable } from "@/components/portal/speed-test-table";
import { InvitePortalButton } from "./invite-portal-button";

const statusText: Record<PortalAccessState["status"], { label: string; tone: "success" | "warning" | "neutral" }> = {
  active: { label: "Portal active", tone: "success" },
  invited: { label: "Invited", tone: "neutral" },
  locked: { label: "Locked after failed sign-ins", tone: "warning" },
  none: { label: "No portal access yet", tone: "neutral" },
};

/** Support's view of the subscriber's self-service: portal access (with an invitation) and their speed tests. */
export function PortalAccess({
  customerId,
  access,
  speedTests,
  canInvite,
  timeZone,
  signInUrl,
}: {
  customerId: string;
  access: PortalAccessState;
  speedTests: SpeedTestRow[];
  canInvite: boolean;
  timeZone: string;
  /** The ISP's portal address, to give subscribers (also in every portal email). */
  signInUrl: string;
}) {
  const when = (d: Date) => d.toLocaleString("en-PH", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const state = statusText[access.status];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Subscriber portal</CardTitle>
        <CardDescription>Self-service: bills, online payment, tickets, usage and speed tests.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={state.tone}>{state.label}</Badge>
          {access.lastSignInAt ? <span className="text-muted-foreground">Last signed in {when(access.lastSignInAt)}</span> : null}
          {access.status === "invited" && access.inviteExpiresAt ? (
            <span className="text-muted-foreground">Invitation valid until {when(access.inviteExpiresAt)}</span>
          ) : null}
          {access.lockedUntil ? <span className="text-muted-foreground">until {when(access.lockedUntil)}</span> : null}
        </div>
        {canInvite ? (
          access.hasEmail ? (
            <InvitePortalButton customerId={customerId} again={access.status !== "none"} />
          ) : (
            <p className="text-muted-foreground">Add an email address to send a portal invitation.</p>
          )
        ) : null}
        <p>
          Sign-in link:{" "}
          <a className="break-all text-primary underline" href={signInUrl} data-testid="portal-sign-in-link">
            {signInUrl}
          </a>
        </p>
        <div>
          <h3 className="mb-2 font-medium">Speed tests</h3>
          {speedTests.length === 0 ? (
            <p className="text-muted-foreground">The subscriber has not run a speed test in the portal yet.</p>
          ) : (
            <SpeedTestTable tests={speedTests} timeZone={timeZone} label="Speed tests run by the subscriber" />
          )}
        </div>
      </CardContent>
    </Card>
  );
}
