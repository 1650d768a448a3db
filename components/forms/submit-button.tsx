import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants } from "@/components/ui/classes";

/** A plain form's button: Button's look and focus keeping, without tailwind-merge; says `pendingLabel` while the action runs. */
export function SubmitButton({ pending, pendingLabel, children }: { pending: boolean; pendingLabel: string; children: React.ReactNode }) {
  return (
    <FocusKeepingButton type="submit" className={buttonVariants()} disabled={pending}>
      {pending ? pendingLabel : children}
    </FocusKeepingButton>
  );
}
