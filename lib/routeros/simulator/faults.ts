/*
 * Fault injection for client tests (ROUTEROS.md checklist 13 and 25): latency, per-command delay and
 * jitter, stalls, one-off and standing traps, and ways to break the connection part-way through a reply.
 * Command patterns are exact paths (`/ppp/secret/add`) or prefixes ending in `*` (`/ppp/*`, `*`).
 */

export type SimulatorFaults = {
  /** Delay before every reply sentence, per command (so a slow command lets later ones overtake it). */
  latencyMs: number;
  /** Delay before a command runs at all; with `commandJitterMs`, later commands can finish first (checklist 13). */
  commandDelayMs: number;
  /** Up to this much extra (seeded random) delay per command. */
  commandJitterMs: number;
  /** Command pattern → extra delay before it runs. */
  delayedCommands: Record<string, number>;
  /** Close the connection after this many sentences of a command's reply, halfway through the next one. */
  dropAfterSentences: number | undefined;
  /** After this many sentences of a command's reply, send `!fatal` and close (a router dying mid-stream). */
  fatalAfterSentences: number | undefined;
  /** After this many sentences, write bytes that are no valid length prefix; the connection stays open. */
  garbageAfterSentences: number | undefined;
  /** After this many sentences, reset the TCP connection (RST, not FIN). */
  resetAfterSentences: number | undefined;
  /** Drop the connection when a command arrives after this many (counted after login): a router lost mid-batch. */
  dropAfterCommands: number | undefined;
  /** Write every reply byte by byte with this gap in ms (0 = next tick); undefined writes whole sentences. */
  byteByByteMs: number | undefined;
  refuseLogins: boolean;
  /** Command pattern → trap message sent instead of running it, every time. */
  trappedCommands: Record<string, string>;
  /** Command pattern → trap message sent instead of running it once; the entry is removed when used. */
  trapOnce: Record<string, string>;
  /** Command patterns that never answer until cancelled, for client timeout tests. */
  stalledCommands: string[];
  /** Precede every command's reply with an unknown `!unknown-reply` sentence (checklist 26), which clients must skip. */
  unknownReplyWords: boolean;
  /** Send reply words (`.tag` included) in a shuffled order, which clients must not depend on. */
  shuffleReplyWords: boolean;
};

export function defaultFaults(): SimulatorFaults {
  return {
    latencyMs: 0,
    commandDelayMs: 0,
    commandJitterMs: 0,
    delayedCommands: {},
    dropAfterSentences: undefined,
    fatalAfterSentences: undefined,
    garbageAfterSentences: undefined,
    resetAfterSentences: undefined,
    dropAfterCommands: undefined,
    byteByByteMs: undefined,
    refuseLogins: false,
    trappedCommands: {},
    trapOnce: {},
    stalledCommands: [],
    unknownReplyWords: false,
    shuffleReplyWords: false,
  };
}

export function commandMatches(pattern: string, path: string): boolean {
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The first pattern of `table` that matches `path`. */
export function matchingPattern(patterns: Iterable<string>, path: string): string | undefined {
  for (const pattern of patterns) if (commandMatches(pattern, path)) return pattern;
  return undefined;
}

/** How long `path` waits before it runs under the current faults. */
export function commandDelay(faults: SimulatorFaults, path: string, random: () => number): number {
  const pattern = matchingPattern(Object.keys(faults.delayedCommands), path);
  const extra = pattern === undefined ? 0 : faults.delayedCommands[pattern];
  return faults.commandDelayMs + extra + (faults.commandJitterMs > 0 ? Math.floor(random() * faults.commandJitterMs) : 0);
}

/** A trap the faults put in place of `path`'s answer; consumes a one-off trap. */
export function injectedTrap(faults: SimulatorFaults, path: string): string | undefined {
  const once = matchingPattern(Object.keys(faults.trapOnce), path);
  if (once !== undefined) {
    const message = faults.trapOnce[once];
    delete faults.trapOnce[once];
    return message;
  }
  const standing = matchingPattern(Object.keys(faults.trappedCommands), path);
  return standing === undefined ? undefined : faults.trappedCommands[standing];
}
