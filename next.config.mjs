/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a 15 MB wasm bundle; keep it out of the server bundle and static assets.
  // pdfkit reads its built-in font metrics (Helvetica.afm …) from its own package directory at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pdfkit"],
  poweredByHeader: false,
  // The browser tests' build (tests/e2e/run.ts) skips Next's own type check: `npm test` type-checks the whole project in
  // its typecheck stage before any browser test runs. Every other build (npm run build, Vercel) checks types.
  typescript: { ignoreBuildErrors: process.env.NETSPHERE_E2E_BUILD === "1" },
  // `npm run dev` answers on localhost; opening it as 127.0.0.1 (what the startup banner's address resolves to) must
  // load the page's scripts too, or sign-in and every form stay inert in development.
  allowedDevOrigins: ["127.0.0.1"],
  logging: {
    // In development Next prints each Server Function call with its arguments: a portal password, a PayPal
    // secret, a reset token. Never.
    serverFunctions: false,
    // The request log prints whole URLs; leave out those that carry a secret (a token or password in the query,
    // a reset, invitation or pay link's token in the path).
    incomingRequests: { ignore: [/[?&][^=&]*(password|secret|token|code|key)[^=&]*=/i, /\/(reset-password|invite|pay)\/[^/?]/] },
  },
  experimental: {
    // Server Actions take form fields only (files go to the upload routes, lib/core/body.ts): Next counts the
    // body while it streams in and refuses it with a 413 past this limit, Content-Length or not.
    serverActions: { bodySizeLimit: "1mb" },
  },
  async rewrites() {
    return {
      // An ISP's custom domain: proxy.ts decides which portal page a path is (/sign-in → portal/<slug>/sign-in) and says
      // so in this request header, which it sets only for such requests and drops from any other. Only portal pages can
      // be named, and never for an API route (the proxy does not run there).
      beforeFiles: [
        {
          source: "/:path((?!api(?:/|$)).*)",
          has: [{ type: "header", key: "x-netsphere-portal-path", value: "(?<target>portal(?:/[a-z0-9-]+)*)" }],
          destination: "/:target",
        },
      ],
    };
  },
  async headers() {
    // The service worker must never be served stale, or a fixed version would not reach phones.
    // Pages get their security headers from proxy.ts; API routes, which it does not run for, get these.
    const apiHeaders = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
    ];
    return [
      { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache, no-store, must-revalidate" }] },
      { source: "/api/:path*", headers: apiHeaders },
    ];
  },
};

export default nextConfig;
