/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a 15 MB wasm bundle; keep it out of the server bundle and static assets.
  serverExternalPackages: ["@electric-sql/pglite", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
