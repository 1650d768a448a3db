/*
 * The primitives' class names without tailwind-merge. Button, Input and the rest merge a caller's className on
 * top with cn(), and tailwind-merge weighs about 9 kB gzipped in a browser bundle; client components that pass
 * no className to merge and must stay light (the subscriber portal's and the technician's, opened on phones) use
 * these directly.
 */
/**
 * A primitive's classes from a choice per variant, as class-variance-authority's cva() makes them, in a few lines
 * instead of cva and clsx in every phone's first load. `VariantProps` reads the choices for a component's props.
 */
function variants<V extends Record<string, Record<string, string>>>(base: string, choices: V, defaults: { [K in keyof V]: keyof V[K] }) {
  return (picked: { [K in keyof V]?: keyof V[K] | null } = {}) =>
    [base, ...Object.keys(choices).map((name: keyof V) => choices[name][(picked[name] ?? defaults[name]) as string])].join(" ");
}

/** The variant props a `variants()` function takes, e.g. `{ variant?: "default" | "outline" | …; size?: … }`. */
export type VariantProps<F extends (...args: never[]) => string> = NonNullable<Parameters<F>[0]>;

export const buttonVariants = variants(
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variant: {
      default: "bg-primary text-primary-foreground hover:bg-primary/90",
      outline: "border border-input bg-transparent hover:bg-muted",
      ghost: "hover:bg-muted",
      danger: "bg-danger text-danger-foreground hover:bg-danger/90",
      link: "text-primary underline-offset-4 hover:underline p-0 h-auto",
    },
    size: { default: "h-9 px-4 py-2", sm: "h-8 px-3 text-xs", lg: "h-10 px-6", icon: "size-9" },
  },
  { variant: "default", size: "default" },
);

export const badgeVariants = variants(
  "inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium",
  {
    tone: {
      neutral: "border-border bg-muted text-foreground",
      success: "border-success/40 bg-accent text-accent-foreground",
      warning: "border-warning/50 text-warning",
      danger: "border-danger/50 text-danger",
      info: "border-primary/50 text-foreground",
    },
  },
  { tone: "neutral" },
);

export const inputClassName =
  "flex h-9 w-full rounded-md border border-input bg-card px-3 py-1 text-sm text-foreground placeholder:text-muted-foreground aria-[invalid=true]:border-danger disabled:opacity-60";
export const textareaClassName = "flex min-h-20 w-full rounded-md border border-input bg-card px-3 py-2 text-sm aria-[invalid=true]:border-danger";
export const selectClassName = "flex h-9 w-full rounded-md border border-input bg-card px-2 text-sm aria-[invalid=true]:border-danger";
export const labelClassName = "text-sm font-medium leading-none";
