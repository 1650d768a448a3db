"use client";
import { Dialog, DialogContent } from "@/components/ui/dialog";

export const customerListShortcuts: { keys: string[]; action: string }[] = [
  { keys: ["/"], action: "Focus the search box" },
  { keys: ["j"], action: "Highlight the next customer" },
  { keys: ["k"], action: "Highlight the previous customer" },
  { keys: ["x"], action: "Select or unselect the highlighted customer" },
  { keys: ["Enter"], action: "Open the highlighted customer" },
  { keys: ["?"], action: "Show these shortcuts" },
  { keys: ["Esc"], action: "Leave the search box or close a dialog" },
  { keys: ["g", "c"], action: "Go to customers from anywhere" },
  { keys: ["Ctrl", "K"], action: "Search or jump to a page" },
];

const Kbd = ({ children }: { children: React.ReactNode }) => (
  <kbd className="inline-flex min-w-6 items-center justify-center rounded border bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground">
    {children}
  </kbd>
);

/** The keyboard shortcuts of the customer list (opened with "?"). */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Keyboard shortcuts" description="They work whenever you are not typing in a field.">
        <table className="w-full text-sm">
          <caption className="sr-only">Keyboard shortcuts of the customer list</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {customerListShortcuts.map((s) => (
              <tr key={s.action}>
                <td className="whitespace-nowrap py-2 pr-4">
                  <span className="flex items-center gap-1">
                    {s.keys.map((k, i) => (
                      <span key={k} className="flex items-center gap-1">
                        {i > 0 ? <span className="text-xs text-muted-foreground">{s.keys[0] === "Ctrl" ? "+" : "then"}</span> : null}
                        <Kbd>{k}</Kbd>
                      </span>
                    ))}
                  </span>
                </td>
                <td className="py-2">{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DialogContent>
    </Dialog>
  );
}
