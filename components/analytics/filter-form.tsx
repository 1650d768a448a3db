import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";

export type Option = { value: string; label: string };

/** A labelled select of a GET filter form; "" is the "any" choice when `anyLabel` is given. */
export function FilterSelect({
  id,
  label,
  name,
  value,
  options,
  anyLabel,
}: {
  id: string;
  label: string;
  name: string;
  value?: string;
  options: Option[];
  anyLabel?: string;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""}>
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/**
 * A plain GET form: the URL is the whole filter and it works without JavaScript. `clearHref` offers to drop
 * the filters when some are set.
 */
export function FilterForm({
  label,
  children,
  clearHref,
  submitLabel = "Show",
  narrow = false,
}: {
  label: string;
  children: React.ReactNode;
  clearHref?: string | null;
  submitLabel?: string;
  /** Inside a half-width card: at most three columns. */
  narrow?: boolean;
}) {
  return (
    <form
      method="get"
      role="search"
      aria-label={label}
      className={`mb-5 grid grid-cols-1 items-end gap-3 min-[420px]:grid-cols-2 md:grid-cols-3 ${narrow ? "" : "xl:grid-cols-6"}`}
    >
      {children}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="outline">
          {submitLabel}
        </Button>
        {clearHref ? (
          <Button asChild variant="ghost">
            <Link href={clearHref}>Clear filters</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
