import type { Metadata } from "next";
import Link from "next/link";
import { linkOf, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { SetPasswordForm } from "@/components/portal/set-password-form";

// The token is in the URL: keep it out of Referer headers.
export const metadata: Metadata = { title: "Choose a password", referrer: "no-referrer" };

export default async function PortalSetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const link = await linkOf(searchParams, ["reset", "invite"]);
  if (!link)
    return (
      <PortalAuthFrame branding={null} title="This link no longer works">
        <p className="mb-3">It has expired or was already used. Ask for a new one from the sign-in page of your internet provider&apos;s portal.</p>
        <Link className="text-primary underline underline-offset-4" href="/portal/sign-in">
          Go to sign in
        </Link>
      </PortalAuthFrame>
    );
  const invite = link.owner.kind === "invite";
  return (
    <PortalAuthFrame
      branding={link.branding}
      title={invite ? "Set up your portal password" : "Choose a new password"}
      description={`For account ${link.owner.accountNumber} at ${link.owner.ispName}. You will be signed in once it is saved.`}
    >
      <SetPasswordForm token={link.token} />
    </PortalAuthFrame>
  );
}
