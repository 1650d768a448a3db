/*
 * What a page request on an ISP's custom domain is (pure: proxy.ts decides with it, tests feed it Host headers'
 * outcomes). On `portal.theirisp.ph` the subscriber sees only the portal: `/` is the account's home, `/sign-in` the
 * ISP's sign-in page, `/bills` the bills; the `/portal/…` paths our pages link to work there too. Staff pages, the
 * operator's area and anything else are not served there; pay links go to the app's own address, where the
 * gateways send customers back.
 */

export type HostDecision =
  /** Our own host, or a host that is no verified domain: the app as always. */
  | { kind: "app" }
  /** A portal page on a custom domain, served from this app path. */
  | { kind: "portal"; pathname: string }
  | { kind: "redirect"; location: string }
  /** Not served on a custom domain: a 404. */
  | { kind: "refused" };

/** The portal's signed-out pages, which need to know the ISP: served at `/portal/<slug>/<page>`. */
export const signedOutPortalPages = ["sign-in", "forgot-password", "sign-in-link"] as const;
const signedOut = new Set<string>(signedOutPortalPages);
/** Pages a one-time link opens (the token names the ISP). */
const linkPages = new Set(["magic", "set-password"]);
/** The signed-in subscriber's pages (app/portal/(account)), with whatever is below them. */
const accountPages = new Set(["bills", "usage", "speed-test", "tickets", "profile"]);

export function routeOnHost({
  pathname,
  search = "",
  portal,
  appUrl,
}: {
  pathname: string;
  search?: string;
  /** The verified domain's ISP, or null when the host is ours or no verified domain. */
  portal: { slug: string } | null;
  appUrl: string;
}): HostDecision {
  if (!portal) return { kind: "app" };
  const served = (path: string): HostDecision => ({ kind: "portal", pathname: path });
  const refused: HostDecision = { kind: "refused" };
  const parts = pathname.split("/").filter(Boolean);
  const [first, second, ...more] = parts;
  if (!first) return served("/portal");
  if (first === "pay" || first === "p") return { kind: "redirect", location: `${appUrl.replace(/\/+$/, "")}${pathname}${search}` };

  // The short paths: /sign-in, /set-password, /bills/…
  if (first !== "portal") {
    if (signedOut.has(first) && !second) return served(`/portal/${portal.slug}/${first}`);
    if ((linkPages.has(first) && !second) || accountPages.has(first)) return served(`/portal/${parts.join("/")}`);
    return refused;
  }

  // The /portal/… paths the portal's own links use.
  if (!second) return served("/portal");
  if (signedOut.has(second) && more.length === 0) return served(`/portal/${portal.slug}/${second}`);
  if ((linkPages.has(second) && more.length === 0) || accountPages.has(second)) return served(pathname);
  // Its own slug's pages; another ISP's are not shown under this ISP's name.
  if (second === portal.slug && (more.length === 0 || (more.length === 1 && signedOut.has(more[0])))) return served(pathname);
  return refused;
}
