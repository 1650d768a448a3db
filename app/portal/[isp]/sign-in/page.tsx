import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { hasPortalSession } from "@/lib/portal/context";
import { ispOfSlug, type SlugParams } from "@/lib/portal/pages";
import { SignInView } from "@/components/portal/signed-out-views";

export const metadata: Metadata = { title: "Sign in" };

/** The ISP's sign-in page: `/portal/<slug>/sign-in`, or `/sign-in` on its own domain. */
export default async function IspSignInPage({ params }: { params: SlugParams }) {
  if (await hasPortalSession()) redirect("/portal");
  const isp = await ispOfSlug(params);
  if (!isp) notFound();
  return <SignInView branding={isp.branding} links={isp.links} />;
}
