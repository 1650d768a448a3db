import type { MetadataRoute } from "next";

/*
 * Installs the technician's view as an app on the phone's home screen (opens on today's jobs). A route rather than
 * app/manifest.ts, which Next links from every page: only the technician's pages link it (app/(field)/layout.tsx),
 * so a subscriber on the ISP's own portal is never offered a NetSphere app.
 */
const manifest: MetadataRoute.Manifest = {
  id: "/field",
  name: "NetSphere Field",
  short_name: "NetSphere",
  description: "Today's jobs, live subscriber status and work logs for NetSphere technicians.",
  start_url: "/field",
  scope: "/",
  display: "standalone",
  orientation: "portrait",
  background_color: "#07111f",
  theme_color: "#07111f",
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
  ],
};

export const dynamic = "force-static";

export function GET(): Response {
  return new Response(JSON.stringify(manifest), { headers: { "content-type": "application/manifest+json", "cache-control": "public, max-age=3600" } });
}
