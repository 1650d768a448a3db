import { formatMinutes, slaState, type SlaClock, type SlaTarget } from "@/lib/tickets/sla";

export type SlaSummary = { text: string; tone: "success" | "warning" | "danger" | "neutral" };

function describe(which: string, target: SlaTarget): SlaSummary | null {
  const left = target.remainingMinutes ?? 0;
  switch (target.status) {
    case "breached":
      return { text: `${which} overdue${left ? ` by ${formatMinutes(left)}` : ""}`, tone: "danger" };
    case "at_risk":
      return { text: `${which} due in ${formatMinutes(left)}`, tone: "warning" };
    case "running":
      return { text: `${which} due in ${formatMinutes(left)}`, tone: "neutral" };
    case "paused":
      return { text: `Paused, waiting on customer`, tone: "neutral" };
    default:
      return null;
  }
}

/** The one line a job card shows: the target that matters next, in words. */
export function slaSummary(ticket: SlaClock, now = new Date()): SlaSummary {
  const state = slaState(ticket, now);
  return (
    describe("Response", state.firstResponse.status === "met" ? { ...state.firstResponse, status: "none" } : state.firstResponse) ??
    describe("Fix", state.resolution) ?? {
      text: state.resolution.status === "met" ? "Within SLA" : "No SLA",
      tone: state.resolution.status === "met" ? "success" : "neutral",
    }
  );
}
