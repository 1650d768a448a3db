import { notFound, redirect } from "next/navigation";
import { ispOfSlug, type SlugParams } from "@/lib/portal/pages";

/** `/portal/<slug>`: the ISP's sign-in page (which sends a signed-in subscriber on to their account). */
export default async function PortalOfIspPage({ params }: { params: SlugParams }) {
  const isp = await ispOfSlug(params);
  if (!isp) notFound();
  redirect(isp.links.signIn);
}
