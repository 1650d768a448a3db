import type { ReconcileSummary } from "@/lib/provisioning/schema";

/** A run's summary in words: "3 to add, 1 to change; 120 already right" for a preview, "3 added, …" once applied. */
export function describeSummary(s: ReconcileSummary | null, { applied }: { applied: boolean }): string {
  if (!s) return "";
  const word = (planned: string, done: string) => (applied ? done : planned);
  const parts = [
    s.add && `${s.add} ${word("to add", "added")}`,
    s.set && `${s.set} ${word("to change", "changed")}`,
    s.remove && `${s.remove} ${word("to remove", "removed")}`,
    s.kick && `${s.kick} ${word("sessions to disconnect", "sessions disconnected")}`,
    s.conflict && `${s.conflict} ${s.conflict === 1 ? "conflict" : "conflicts"} left alone`,
    s.foreign && `${s.foreign} ${s.foreign === 1 ? "entry" : "entries"} of another installation or router record left alone`,
    s.failed && `${s.failed} failed`,
  ].filter(Boolean);
  return `${parts.length ? parts.join(", ") : word("nothing to change", "nothing changed")}; ${s.unchanged} already right`;
}
