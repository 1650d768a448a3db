/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a 15 MB wasm bundle; keep it out of the server bundle and static assets.
  // pdfkit reads its built-in font metrics (Helvetica.afm …) from its own package directory at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pdfkit"],
  poweredByHeader: false,
  logging: {
    // In development Next prints each Server Function call with its arguments: a portal password, a PayPal
    // secret, a reset token. Never.
    serverFunctions: false,
    // The request log prints whole URLs; leave out those that carry a secret (a token or password in the query,
    // a reset, invitation or pay link's token in the path).
    incomingRequests: { ignore: [/[?&][^=&]*(password|secret|token|code|key)[^=&]*=/i, /\/(reset-password|invite|pay)\/[^/?]/] },
  },
  async headers() {
    // The service worker must never be served stale, or a fixed version would not reach phones.
    return [{ source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache, no-store, must-revalidate" }] }];
  },
};

export default nextConfig;
