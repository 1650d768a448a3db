/*
 * The rules of an ISP's portal address, pure (the settings form checks them in the browser too): the short name in
 * `/portal/<slug>` and the custom domains an ISP attaches (`portal.theirisp.ph`).
 */
import { z } from "zod";

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;
export const MAX_DOMAINS_PER_ISP = 5;

/**
 * Names a slug may not take: our own hosts and paths (a slug is also a subdomain-like word people read as ours), and
 * every page directly under /portal, which would hide the ISP's `/portal/<slug>` behind it.
 */
export const reservedSlugs: ReadonlySet<string> = new Set([
  "api",
  "admin",
  "app",
  "www",
  "portal",
  "pay",
  "platform",
  "static",
  "assets",
  "_next",
  "netsphere",
  "mail",
  "help",
  "support",
  "status",
  "docs",
  "cdn",
  "login",
  "logout",
  "account",
  "auth",
  "root",
  "system",
  // Pages under /portal/ (app/portal): the subscriber's own pages and the signed-out ones.
  "bills",
  "usage",
  "speed-test",
  "tickets",
  "profile",
  "sign-in",
  "sign-in-link",
  "sign-out",
  "forgot-password",
  "magic",
  "set-password",
]);

const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether text from an address could name an ISP at all (lowercase letters, digits, single dashes): else no lookup. */
export const hasSlugShape = (text: string) => text.length <= 100 && SLUG_SHAPE.test(text);

/** What is wrong with a slug, or null when it can be used (uniqueness is the database's to say). */
export function slugProblem(slug: string): string | null {
  if (slug.length < SLUG_MIN) return `Use at least ${SLUG_MIN} characters`;
  if (slug.length > SLUG_MAX) return `Use at most ${SLUG_MAX} characters`;
  if (!SLUG_SHAPE.test(slug)) return "Use lowercase letters, digits and single dashes between them";
  if (reservedSlugs.has(slug)) return `"${slug}" is reserved; choose another`;
  return null;
}

/** Cuts a slug to `max` characters without leaving a dash at its end. */
const cut = (slug: string, max: number) => slug.slice(0, max).replace(/-+$/, "");

/**
 * The slug an ISP gets from its name: accents dropped, lowercase, anything else a single dash, at most 40
 * characters. A name too short or reserved gets `-isp` added ("Portal" → `portal-isp`, "A1" → `a1-isp`).
 */
export function slugFromName(name: string): string {
  const base = cut(
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, ""),
    SLUG_MAX,
  );
  if (!base) return "isp";
  if (base.length < SLUG_MIN || reservedSlugs.has(base)) return `${cut(base, SLUG_MAX - 4)}-isp`;
  return base;
}

/** The n-th candidate for a taken slug: `base`, then `base-2`, `base-3`, … always within 40 characters. */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${cut(base, SLUG_MAX - suffix.length)}${suffix}`;
}

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const portalSlugFormSchema = z.object({ slug: slugSchema });

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Hosts of a machine running NetSphere for itself: a name under `.localhost` is a real name only there. */
export const isLoopbackHost = (hostname: string) =>
  hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || hostname === "::1" || (IPV4.test(hostname) && hostname.startsWith("127."));

/**
 * What someone typed as a domain, as we store it: lowercase, internationalised names in their `xn--` form, without a
 * scheme, a trailing slash or a trailing dot. Null when it is not a host name at all (a port, a path, spaces).
 */
export function normalizeHostname(input: string): string | null {
  const bare = input
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/\/$/, "")
    .replace(/\.$/, "");
  if (!bare || /[\s/?#@:\\]/.test(bare)) return null;
  try {
    const url = new URL(`http://${bare}`);
    return url.hostname.replace(/\.$/, "") || null;
  } catch {
    return null;
  }
}

/**
 * What is wrong with a custom domain, or null: a DNS name of two labels or more (not an IP address), not our own host
 * or a name under it. `.localhost` names are accepted only while NetSphere itself runs on a loopback address (a
 * developer's machine, the end-to-end tests), where the browser resolves them to this machine.
 */
export function hostnameProblem(hostname: string, { appHost }: { appHost: string | null }): string | null {
  if (hostname.length > 253) return "A domain has at most 253 characters";
  if (IPV4.test(hostname) || hostname.includes(":") || hostname.startsWith("[")) return "Enter a domain name, not an IP address";
  const labels = hostname.split(".");
  if (labels.length < 2 || labels.some((label) => !LABEL.test(label))) return "Enter a domain such as portal.yourisp.ph";
  if (/^\d+$/.test(labels.at(-1)!)) return "Enter a domain name, not an IP address";
  // The browser does not know our host: the server checks the rest.
  if (appHost === null) return null;
  const ours = appHost.toLowerCase();
  // Names under our host are ours (a developer's `localhost` excepted: each name under it is a host of its own).
  if (hostname === ours || (hostname.endsWith(`.${ours}`) && ours !== "localhost")) return "That is NetSphere's own address; use a domain of yours";
  if (labels.at(-1) === "localhost" && !isLoopbackHost(ours)) return "Enter a domain on the internet, such as portal.yourisp.ph";
  return null;
}

/** The form's check in the browser: the hostname's shape (the server also refuses our own host and other ISPs'). */
export const portalDomainFormSchema = z.object({
  hostname: z
    .string()
    .trim()
    .min(1, "Enter a domain such as portal.yourisp.ph")
    .max(253, "A domain has at most 253 characters")
    .superRefine((value, ctx) => {
      const hostname = normalizeHostname(value);
      const problem = hostname ? hostnameProblem(hostname, { appHost: null }) : "Enter a domain such as portal.yourisp.ph, without https:// or a path";
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

/** The DNS records an ISP creates for a domain: the TXT record that proves it is theirs, and the CNAME to our host. */
export function domainRecords(hostname: string, token: string, appHost: string) {
  return {
    txtName: `_netsphere.${hostname}`,
    txtValue: `netsphere-verify=${token}`,
    cnameName: hostname,
    cnameTarget: appHost,
  };
}
