/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a 15 MB wasm bundle; keep it out of the server bundle and static assets.
  // pdfkit reads its built-in font metrics (Helvetica.afm …) from its own package directory at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pdfkit"],
  poweredByHeader: false,
  async headers() {
    // The service worker must never be served stale, or a fixed version would not reach phones.
    return [{ source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache, no-store, must-revalidate" }] }];
  },
};

export default nextConfig;
