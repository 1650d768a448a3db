/** Label/value pairs as a description list. */
export function FactList({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Why a live read failed, in the router's own words. */
export function LiveReadError({ what, message }: { what: string; message: string }) {
  return (
    <p className="rounded-md border border-danger/50 p-3 text-sm text-danger">
      Could not read {what}. {message}
    </p>
  );
}

export function LiveReadPlaceholder({ what }: { what: string }) {
  return (
    <p className="text-sm text-muted-foreground" role="status">
      Reading {what} from the router…
    </p>
  );
}
