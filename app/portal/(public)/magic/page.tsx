import type { Metadata } from "next";
import Link from "next/link";
import { linkOf, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { MagicSignInButton } from "@/components/portal/sign-in-forms";

export const metadata: Metadata = { title: "Sign in", referrer: "no-referrer" };

export default async function PortalMagicLinkPage({ searchParams }: { searchParams: SearchParams }) {
  const link = await linkOf(searchParams, ["magic_link"]);
  if (!link)
    return (
      <PortalAuthFrame branding={null} title="This link no longer works">
        <p className="mb-3">Sign-in links work once and for 30 minutes. Ask for a new one, or sign in with your password.</p>
        <Link className="text-primary underline underline-offset-4" href="/portal/sign-in">
          Go to sign in
        </Link>
      </PortalAuthFrame>
    );
  return (
    <PortalAuthFrame branding={link.branding} title="Sign in" description={`Account ${link.owner.accountNumber} at ${link.owner.ispName}.`}>
      <MagicSignInButton token={link.token} />
    </PortalAuthFrame>
  );
}
