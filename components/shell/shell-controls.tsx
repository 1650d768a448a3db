"use client";
import { useRef, useTransition } from "react";
import { useRouter } from "next/navigation";
import { signOutStaff } from "@/lib/auth/sign-out";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";

/*
 * The shells' phone sections sheet and sign-out button, shared by the staff shell and the technician's. The field
 * shell renders on the server and hands these their classes, icons and links, so a phone downloads neither the icon
 * set nor tailwind-merge.
 */

/**
 * "More" in the phone's bottom bar and the sheet of all sections it opens: a native modal dialog, so the browser
 * traps focus, closes it on Escape and gives focus back to "More". A tap outside or on a link closes it too.
 */
export function SectionsSheet({ icon, children }: { icon: React.ReactNode; children: React.ReactNode }) {
  const sheetRef = useRef<HTMLDialogElement>(null);
  return (
    <>
      {/* At the screen's edge an outer focus ring would be cut off: the phone bar draws it inside. */}
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => sheetRef.current?.showModal()}
        className="flex flex-col items-center gap-0.5 py-2 text-xs text-muted-foreground focus-visible:-outline-offset-2"
      >
        {icon}
        More
      </button>
      <dialog
        ref={sheetRef}
        aria-labelledby="all-sections-title"
        onClick={(event) => {
          const target = event.target as Element;
          if (target === event.currentTarget || target.closest("a")) event.currentTarget.close();
        }}
        className="inset-x-0 top-auto bottom-0 m-0 max-h-[80vh] w-full max-w-none rounded-t-xl border bg-card p-0 text-foreground backdrop:bg-black/60"
      >
        <div className="p-4">
          <h2 id="all-sections-title" className="mb-2 text-base font-semibold">
            All sections
          </h2>
          <nav aria-label="All sections" className="flex flex-col gap-1">
            {children}
          </nav>
        </div>
      </dialog>
    </>
  );
}

export function StaffSignOutButton({ className, icon }: { className: string; icon: React.ReactNode }) {
  const router = useRouter();
  const [signingOut, startSignOut] = useTransition();
  const signOut = () =>
    startSignOut(async () => {
      await signOutStaff();
      // Cached technician pages must not stay readable on a shared phone.
      navigator.serviceWorker?.controller?.postMessage("sign-out");
      router.push("/sign-in");
      router.refresh();
    });
  return (
    <FocusKeepingButton type="button" className={className} onClick={signOut} disabled={signingOut} aria-label="Sign out" title="Sign out">
      {icon}
    </FocusKeepingButton>
  );
}
