/*
 * Throughput counters for benchmarks (checklist 28): commands, bytes each way, connections. Rates are
 * over wall time since start or the last reset, so a benchmark resets, runs, then reads.
 */

export type SimulatorMetrics = {
  /** Commands run (API sentences after login, including /login and /cancel, plus REST requests). */
  commands: number;
  commandsPerSecond: number;
  /** Per command path (`/ppp/secret/print`), REST requests under their API path. */
  commandsByPath: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  connectionsAccepted: number;
  connectionsRefused: number;
  restRequests: number;
  /** Wall-clock milliseconds the counters cover. */
  elapsedMs: number;
};

export class MetricsRecorder {
  private since = Date.now();
  private counts = { commands: 0, bytesIn: 0, bytesOut: 0, connectionsAccepted: 0, connectionsRefused: 0, restRequests: 0 };
  private byPath = new Map<string, number>();

  command(path: string): void {
    this.counts.commands += 1;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
  }

  bytesIn(count: number): void {
    this.counts.bytesIn += count;
  }

  bytesOut(count: number): void {
    this.counts.bytesOut += count;
  }

  connection(accepted: boolean): void {
    if (accepted) this.counts.connectionsAccepted += 1;
    else this.counts.connectionsRefused += 1;
  }

  restRequest(): void {
    this.counts.restRequests += 1;
  }

  snapshot(): SimulatorMetrics {
    const elapsedMs = Math.max(1, Date.now() - this.since);
    return {
      ...this.counts,
      commandsPerSecond: (this.counts.commands * 1000) / elapsedMs,
      commandsByPath: Object.fromEntries(this.byPath),
      elapsedMs,
    };
  }

  reset(): void {
    this.since = Date.now();
    this.counts = { commands: 0, bytesIn: 0, bytesOut: 0, connectionsAccepted: 0, connectionsRefused: 0, restRequests: 0 };
    this.byPath = new Map();
  }
}
