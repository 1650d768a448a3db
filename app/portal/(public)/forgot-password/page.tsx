import { notFound, redirect } from "next/navigation";
import { linksById, signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { ForgotPasswordView } from "@/components/portal/signed-out-views";

export const metadata = { title: "Reset your password" };

/** The old address (`?isp=<id>`): on to the ISP's own page when it has a slug. */
export default async function PortalForgotPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const branding = await signedOutIsp(searchParams);
  if (!branding) notFound();
  if (branding.slug) redirect(`/portal/${branding.slug}/forgot-password`);
  return <ForgotPasswordView branding={branding} links={linksById(branding.id)} />;
}
