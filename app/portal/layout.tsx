import type { Metadata } from "next";

export const metadata: Metadata = {
  title: { default: "Subscriber portal", template: "%s · Subscriber portal" },
  robots: { index: false, follow: false },
};

/** The subscriber portal: its own session and look, nothing of the staff shell. */
export default function PortalRootLayout({ children }: { children: React.ReactNode }) {
  return children;
}
