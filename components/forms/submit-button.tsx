import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants } from "@/components/ui/classes";

/** A plain form's button: Button's look and focus keeping, without tailwind-merge; says `pendingLabel` while the action runs. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  variant,
  onClick,
}: {
  pending: boolean;
  pendingLabel: string;
  children: React.ReactNode;
  variant?: "outline";
  onClick?: (event: React.MouseEvent<HTMLButtonElement>) => void;
}) {
  return (
    <FocusKeepingButton type="submit" className={buttonVariants({ variant })} disabled={pending} onClick={onClick}>
      {pending ? pendingLabel : children}
    </FocusKeepingButton>
  );
}
