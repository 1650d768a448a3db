"use client";
import { Monitor } from "lucide-react";
import { revokeSession } from "@/lib/auth/actions/revoke-session";
import { revokeStaffSession } from "@/lib/auth/actions/revoke-staff-session";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/staff/confirm-button";

/** A session as the browser sees it: no token, dates already formatted in the ISP's time zone. */
export type SessionRow = {
  id: string;
  device: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  expiresAt: string;
  current: boolean;
};

type Scope = { kind: "own" } | { kind: "member"; userId: string; memberName: string };

/** Signed-in devices with a per-device "Sign out": your own (account page) or a staff member's (staff page). */
export function SessionList({ sessions, scope }: { sessions: SessionRow[]; scope: Scope }) {
  if (sessions.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {scope.kind === "own" ? "No active sessions." : `${scope.memberName} is not signed in on any device.`}
      </p>
    );
  }
  return (
    <ul className="divide-y rounded-md border">
      {sessions.map((s) => (
        <li key={s.id} className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-3 p-3">
          <div className="flex min-w-0 gap-3">
            <Monitor className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
            <div className="min-w-0 text-sm">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {s.device}
                {s.current ? <Badge tone="success">This device</Badge> : null}
              </p>
              <p className="text-muted-foreground">
                IP {s.ipAddress || "unknown"} · signed in {s.createdAt}
              </p>
              <p className="text-muted-foreground">Expires {s.expiresAt}</p>
              {s.userAgent ? (
                <p className="mt-1 truncate text-xs text-muted-foreground" title={s.userAgent}>
                  {s.userAgent}
                </p>
              ) : null}
            </div>
          </div>
          {s.current ? null : (
            <ConfirmButton
              label="Sign out"
              ariaLabel={`Sign out ${s.device}, signed in ${s.createdAt}`}
              title={scope.kind === "own" ? "Sign out this device?" : `Sign ${scope.memberName} out of this device?`}
              description={`${s.device}, IP ${s.ipAddress || "unknown"}, signed in ${s.createdAt}. ${
                scope.kind === "own" ? "You will have to sign in again on it." : "They will have to sign in again on it."
              }`}
              confirmLabel="Sign out device"
              successMessage="The device was signed out."
              danger
              run={() => (scope.kind === "own" ? revokeSession({ sessionId: s.id }) : revokeStaffSession({ userId: scope.userId, sessionId: s.id }))}
            />
          )}
        </li>
      ))}
    </ul>
  );
}
