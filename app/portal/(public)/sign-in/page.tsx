import Link from "next/link";
import { redirect } from "next/navigation";
import { hasPortalSession } from "@/lib/portal/context";
import { signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { PortalSignInForm } from "@/components/portal/sign-in-forms";

export const metadata = { title: "Sign in" };

export default async function PortalSignInPage({ searchParams }: { searchParams: SearchParams }) {
  if (await hasPortalSession()) redirect("/portal");
  const branding = await signedOutIsp(searchParams);
  if (!branding)
    return (
      <PortalAuthFrame branding={null} title="Sign in to your subscriber portal">
        <p>Open the sign-in link your internet provider gave you (it is on your bill and in their emails), then sign in with your account number.</p>
      </PortalAuthFrame>
    );
  const query = `?isp=${branding.id}`;
  return (
    <PortalAuthFrame
      branding={branding}
      title="Sign in"
      description={`See your bills, pay online, check your connection and ask ${branding.name} for help.`}
      footer={
        <div className="flex flex-wrap justify-between gap-2">
          <Link className="text-primary underline underline-offset-4" href={`/portal/forgot-password${query}`}>
            Forgot or never set a password?
          </Link>
          <Link className="text-primary underline underline-offset-4" href={`/portal/sign-in-link${query}`}>
            Email me a sign-in link
          </Link>
        </div>
      }
    >
      <PortalSignInForm isp={branding.id} />
    </PortalAuthFrame>
  );
}
