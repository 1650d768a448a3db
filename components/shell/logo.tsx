export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="flex items-center gap-2 font-semibold tracking-tight">
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <circle cx="16" cy="16" r="14" fill="none" stroke="#3b82f6" strokeWidth="2.5" />
        <circle cx="16" cy="6" r="3" fill="#22c55e" />
        <circle cx="7" cy="21" r="3" fill="#22c55e" />
        <circle cx="25" cy="21" r="3" fill="#22c55e" />
        <path d="M16 6 7 21h18z" fill="none" stroke="#60a5fa" strokeWidth="1.5" />
      </svg>
      {compact ? <span className="sr-only">NetSphere</span> : <span>NetSphere</span>}
    </span>
  );
}
