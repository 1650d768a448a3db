import { ThemeToggle } from "@/components/shell/theme-toggle";
import { AuthCard } from "@/components/auth/auth-card";
import { BrandBand, type Branding } from "./brand-band";

/** The portal's signed-out pages: the ISP's brand band over a card, or a plain card when the ISP is unknown. */
export function PortalAuthFrame({
  branding,
  title,
  description,
  footer,
  children,
}: {
  branding: Branding | null;
  title: string;
  description?: string;
  footer?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="relative">
        {branding ? <BrandBand branding={branding} /> : <p className="px-4 py-3 font-semibold">Subscriber portal</p>}
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-12 pt-6 sm:pt-12">
        <div className="w-full max-w-md">
          <AuthCard title={title} description={description} footer={footer}>
            {children}
          </AuthCard>
          <div className="mt-4 flex justify-center">
            <ThemeToggle />
          </div>
        </div>
      </main>
    </div>
  );
}
