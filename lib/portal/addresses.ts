/*
 * The addresses we give subscribers (pure): on the ISP's verified custom domain when it has one, else under our own
 * address by the ISP's slug. Emails, SMS, staff "portal link" buttons and pay pages all take them from here.
 */

export type PortalAddressFacts = { tenantId: string; slug: string | null; domain: string | null };
export type PortalUrls = {
  /** The subscriber's home (their account, or the sign-in page when signed out). */
  home: string;
  signIn: string;
  /** Where the one-time link pages live: `${pagesBase}/set-password?token=…`. */
  pagesBase: string;
};

/** A custom domain is served as the app is: APP_URL's scheme and port. */
export function customDomainOrigin(appUrl: string, domain: string): string {
  const url = new URL(appUrl);
  return `${url.protocol}//${domain}${url.port ? `:${url.port}` : ""}`;
}

export function portalUrls(appUrl: string, { tenantId, slug, domain }: PortalAddressFacts): PortalUrls {
  if (domain) {
    const origin = customDomainOrigin(appUrl, domain);
    return { home: `${origin}/`, signIn: `${origin}/sign-in`, pagesBase: origin };
  }
  const app = appUrl.replace(/\/+$/, "");
  // An ISP without a slug (none is made so any more) keeps the old address by its id.
  const signIn = slug ? `${app}/portal/${slug}/sign-in` : `${app}/portal/sign-in?isp=${tenantId}`;
  return { home: `${app}/portal`, signIn, pagesBase: `${app}/portal` };
}
