import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ispOfSlug, type SlugParams } from "@/lib/portal/pages";
import { SignInLinkView } from "@/components/portal/signed-out-views";

export const metadata: Metadata = { title: "Email me a sign-in link" };

export default async function IspSignInLinkPage({ params }: { params: SlugParams }) {
  const isp = await ispOfSlug(params);
  if (!isp) notFound();
  return <SignInLinkView branding={isp.branding} links={isp.links} />;
}
