import { Slot } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/core/cn";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants, type VariantProps } from "@/components/ui/classes";

export { buttonVariants };

export function Button({
  className,
  variant,
  size,
  asChild = false,
  ...props
}: ComponentProps<"button"> & VariantProps<typeof buttonVariants> & { asChild?: boolean }) {
  const Comp = asChild ? Slot.Root : FocusKeepingButton;
  return <Comp className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}
