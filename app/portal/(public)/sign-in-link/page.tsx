import { notFound, redirect } from "next/navigation";
import { linksById, signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { SignInLinkView } from "@/components/portal/signed-out-views";

export const metadata = { title: "Email me a sign-in link" };

/** The old address (`?isp=<id>`): on to the ISP's own page when it has a slug. */
export default async function PortalSignInLinkPage({ searchParams }: { searchParams: SearchParams }) {
  const branding = await signedOutIsp(searchParams);
  if (!branding) notFound();
  if (branding.slug) redirect(`/portal/${branding.slug}/sign-in-link`);
  return <SignInLinkView branding={branding} links={linksById(branding.id)} />;
}
