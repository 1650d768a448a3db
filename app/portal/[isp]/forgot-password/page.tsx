import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ispOfSlug, type SlugParams } from "@/lib/portal/pages";
import { ForgotPasswordView } from "@/components/portal/signed-out-views";

export const metadata: Metadata = { title: "Reset your password" };

export default async function IspForgotPasswordPage({ params }: { params: SlugParams }) {
  const isp = await ispOfSlug(params);
  if (!isp) notFound();
  return <ForgotPasswordView branding={isp.branding} links={isp.links} />;
}
