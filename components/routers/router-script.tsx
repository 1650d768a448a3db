"use client";
import { Button } from "@/components/ui/button";

/**
 * A RouterOS script staff paste into a router's terminal: the RouterOS 7 commands, RouterOS 6's under a disclosure,
 * and, while its secret is still a placeholder, a button that reveals it (the action behind it is audited).
 */
export function RouterScript({
  label,
  heading,
  commandsLabel,
  script,
  reveal,
}: {
  label: string;
  heading: string;
  /** What the commands are, for screen readers: "RouterOS 7 commands", "RouterOS 6 commands". */
  commandsLabel: { v7: string; v6: string };
  script: { v7: string; v6: string };
  reveal: { placeholder: string; label: string; pending: boolean; onReveal: () => void } | null;
}) {
  return (
    <section aria-label={label} className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">{heading}</h3>
      <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs" tabIndex={0} aria-label={commandsLabel.v7}>
        {script.v7}
      </pre>
      <details>
        <summary className="cursor-pointer text-sm">RouterOS 6</summary>
        <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs" tabIndex={0} aria-label={commandsLabel.v6}>
          {script.v6}
        </pre>
      </details>
      {reveal && script.v7.includes(reveal.placeholder) ? (
        <div>
          <Button type="button" variant="outline" size="sm" disabled={reveal.pending} onClick={reveal.onReveal}>
            {reveal.label}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
