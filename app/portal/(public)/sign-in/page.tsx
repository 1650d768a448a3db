import { redirect } from "next/navigation";
import { hasPortalSession } from "@/lib/portal/context";
import { linksById, signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { SignInView } from "@/components/portal/signed-out-views";

export const metadata = { title: "Sign in" };

/** The old sign-in address (`?isp=<id>`, or none): on to the ISP's own sign-in page when it is known. */
export default async function PortalSignInPage({ searchParams }: { searchParams: SearchParams }) {
  if (await hasPortalSession()) redirect("/portal");
  const branding = await signedOutIsp(searchParams);
  if (branding?.slug) redirect(`/portal/${branding.slug}/sign-in`);
  if (!branding)
    return (
      <PortalAuthFrame branding={null} title="Sign in to your subscriber portal">
        <p>Open the sign-in link your internet provider gave you (it is on your bill and in their emails), then sign in with your account number.</p>
      </PortalAuthFrame>
    );
  return <SignInView branding={branding} links={linksById(branding.id)} />;
}
