import { brandColors } from "@/lib/portal/brand-colors";

export type Branding = { name: string; brandColor: string; logoDataUrl: string | null };

/**
 * The ISP's name and logo on its brand colour. The text colour is computed (white or black, whichever
 * contrasts more), so any brand colour reads at WCAG AA; the logo sits on white so dark logos show in dark mode.
 */
export function BrandBand({ branding, subtitle = "Subscriber portal" }: { branding: Branding; subtitle?: string }) {
  const colors = brandColors(branding.brandColor);
  return (
    <div style={{ backgroundColor: colors.background, color: colors.foreground }} className="print:hidden">
      <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
        {branding.logoDataUrl ? (
          // A data URL from the ISP's invoice template: next/image cannot optimise it.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={branding.logoDataUrl} alt={`${branding.name} logo`} className="h-9 max-w-28 rounded bg-white object-contain p-1" />
        ) : null}
        <div className="min-w-0">
          <p className="truncate text-base font-semibold leading-tight">{branding.name}</p>
          <p className="text-xs leading-tight">{subtitle}</p>
        </div>
      </div>
    </div>
  );
}
