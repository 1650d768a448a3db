/*
 * The browser-side defences every page carries (set by proxy.ts): a Content Security Policy that runs only
 * our own scripts, no framing (clickjacking), no MIME sniffing, a referrer that stops at our origin, HSTS in
 * production, and browser features off except the two the technicians' field pages use.
 */

/** Where a checkout started from a pay button goes: the form posts to us and we redirect there, and browsers
 * hold a redirect after a form post to `form-action` too. */
const checkoutOrigins = [
  "https://checkout.stripe.com",
  "https://www.paypal.com",
  "https://www.sandbox.paypal.com",
  "https://checkout.paymongo.com",
  "https://checkout.xendit.co",
  "https://checkout-staging.xendit.co",
];

/**
 * Hosts the operator allowed for outbound requests (OUTBOUND_ALLOWED_HOSTS: a self-hosted or stand-in gateway) as
 * form-action sources on any port: a checkout there redirects the customer's browser there too. CIDR blocks and IPv6
 * literals are left out (CSP has no syntax for them).
 */
export function operatorCheckoutSources(allowedHosts: string): string[] {
  return allowedHosts
    .split(/[\s,]+/)
    .filter((entry) => entry && !entry.includes("/") && !entry.includes(":") && /^[A-Za-z0-9.-]+$/.test(entry))
    .flatMap((host) => [`http://${host}:*`, `https://${host}:*`]);
}

export type PolicyOptions = {
  /** This response's nonce: base64, fresh for every request. */
  nonce: string;
  /** `next dev`: React's debugging tools there need eval (production never evals). */
  development: boolean;
  /** The page path: the pay page and the portal's bills have pay buttons whose post is redirected to a gateway. */
  pathname: string;
  /** The network map's tile server (lib/core/map-tiles.ts), allowed on the map page only; null when tiles are ours. */
  mapTileOrigin?: string | null;
  /** operatorCheckoutSources(OUTBOUND_ALLOWED_HOSTS): where a self-hosted gateway's checkout may redirect. */
  operatorCheckouts?: string[];
};

/** The pages that draw the network map on tiles from the configured tile server. */
export const mapPagePaths = ["/network/map"];

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export function contentSecurityPolicy({ nonce, development, pathname, mapTileOrigin = null, operatorCheckouts = [] }: PolicyOptions): string {
  const hasPayButtons = ["/pay", "/portal"].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  // Tile images (and a PMTiles archive's range requests) come from one configured origin, on the map page only.
  const tiles = mapTileOrigin && mapPagePaths.includes(pathname) ? [mapTileOrigin] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Next.js reads the nonce from this header and puts it on its own scripts; 'strict-dynamic' lets those load
    // the page's chunks, and makes browsers ignore 'self' and any host list, so injected markup runs nothing.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // React writes `style` attributes (chart sizes, brand colours) and the theme switch adds a style element;
    // a nonce here would switch 'unsafe-inline' off, so styles get none.
    "style-src": ["'self'", "'unsafe-inline'"],
    // Logos and QR codes are data URLs, photo previews before upload are blob URLs; everything else is ours but map tiles.
    "img-src": ["'self'", "data:", "blob:", ...tiles],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...tiles],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...(hasPayButtons ? [...checkoutOrigins, ...operatorCheckouts] : [])],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** Browser features: the field pages locate the technician and take photos; nothing else is used, so it is off. */
const permissionsPolicy = [
  "camera=(self)",
  "geolocation=(self)",
  "microphone=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "midi=()",
  "magnetometer=()",
  "gyroscope=()",
  "accelerometer=()",
  "display-capture=()",
  "screen-wake-lock=()",
  "xr-spatial-tracking=()",
  "browsing-topics=()",
].join(", ");

/** The headers of every page response besides the CSP. HSTS only in production: a developer's http://localhost must keep working. */
export function pageSecurityHeaders({ production }: { production: boolean }): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": permissionsPolicy,
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
