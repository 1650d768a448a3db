"use client";
import { revokeOtherSessions } from "@/lib/auth/actions/revoke-other-sessions";
import { ConfirmButton } from "@/components/staff/confirm-button";

export function SignOutOtherDevices({ count }: { count: number }) {
  return (
    <ConfirmButton
      label="Sign out everywhere else"
      title="Sign out every other device?"
      description={`${count} other device${count === 1 ? "" : "s"} will be signed out. This device stays signed in.`}
      confirmLabel="Sign out other devices"
      successMessage="Every other device was signed out."
      danger
      run={() => revokeOtherSessions({})}
    />
  );
}
