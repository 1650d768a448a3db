import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { Providers } from "@/components/shell/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "NetSphere ISP Suite", template: "%s · NetSphere" },
  description: "Subscribers, billing, MikroTik provisioning and support for internet service providers.",
};

export const viewport: Viewport = { themeColor: "#07111f", width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The page's script nonce (proxy.ts): the theme script runs before hydration and needs it to pass the CSP.
  // Reading it renders every page per request, which a nonce needs anyway.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" className="dark" suppressHydrationWarning>
      <body className="min-h-dvh antialiased">
        <a
          href="#main"
          className="sr-only z-50 rounded bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:left-2 focus:top-2"
        >
          Skip to content
        </a>
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
