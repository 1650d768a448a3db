/**
 * Above every staff page (and the technicians' /field pages) while the ISP's NetSphere account is read-only: why,
 * and where to pay (a plain link, so the field shell takes no client code for it; staff who cannot open the plan page
 * are told who can).
 */
export function ReadOnlyBanner({ message, canOpenPlan }: { message: string; canOpenPlan: boolean }) {
  return (
    <div role="status" className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-danger/50 bg-card p-3 text-sm">
      <p>
        <strong className="font-semibold text-danger">Read-only.</strong> {message}
      </p>
      {canOpenPlan ? (
        <a href="/settings/plan" className="font-medium underline underline-offset-4">
          Pay now
        </a>
      ) : (
        <p>Your ISP&apos;s owner or an admin can pay it under Settings → NetSphere plan.</p>
      )}
    </div>
  );
}
