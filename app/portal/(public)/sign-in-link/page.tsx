import Link from "next/link";
import { notFound } from "next/navigation";
import { signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { RequestLinkForm } from "@/components/portal/sign-in-forms";

export const metadata = { title: "Email me a sign-in link" };

export default async function PortalSignInLinkPage({ searchParams }: { searchParams: SearchParams }) {
  const branding = await signedOutIsp(searchParams);
  if (!branding) notFound();
  return (
    <PortalAuthFrame
      branding={branding}
      title="Sign in with an email link"
      description="We email a link that signs you in without a password to the address on your account."
      footer={
        <Link className="text-primary underline underline-offset-4" href={`/portal/sign-in?isp=${branding.id}`}>
          Sign in with your password instead
        </Link>
      }
    >
      <RequestLinkForm isp={branding.id} kind="magic_link" />
    </PortalAuthFrame>
  );
}
