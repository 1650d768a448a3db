/*
 * The primitives' class names without tailwind-merge. Button, Input and the rest merge a caller's className on
 * top with cn(), and tailwind-merge weighs about 9 kB gzipped in a browser bundle; client components that pass
 * no className to merge and must stay light (the subscriber portal's, opened on phones) use these directly.
 */
import { cva } from "class-variance-authority";

export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        default: "bg-primary text-primary-foreground hover:bg-primary/90",
        outline: "border border-input bg-transparent hover:bg-muted",
        ghost: "hover:bg-muted",
        danger: "bg-danger text-danger-foreground hover:bg-danger/90",
        link: "text-primary underline-offset-4 hover:underline p-0 h-auto",
      },
      size: { default: "h-9 px-4 py-2", sm: "h-8 px-3 text-xs", lg: "h-10 px-6", icon: "size-9" },
    },
    defaultVariants: { variant: "default", size: "default" },
  },
);

export const inputClassName =
  "flex h-9 w-full rounded-md border border-input bg-card px-3 py-1 text-sm text-foreground placeholder:text-muted-foreground aria-[invalid=true]:border-danger disabled:opacity-60";
export const textareaClassName = "flex min-h-20 w-full rounded-md border border-input bg-card px-3 py-2 text-sm aria-[invalid=true]:border-danger";
export const selectClassName = "flex h-9 w-full rounded-md border border-input bg-card px-2 text-sm aria-[invalid=true]:border-danger";
export const labelClassName = "text-sm font-medium leading-none";
