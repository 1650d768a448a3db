import type { ComponentProps } from "react";
import { cn } from "@/lib/core/cn";
import { badgeVariants, type VariantProps } from "@/components/ui/classes";

export const Badge = ({ className, tone, ...p }: ComponentProps<"span"> & VariantProps<typeof badgeVariants>) => (
  <span className={cn(badgeVariants({ tone }), className)} {...p} />
);
