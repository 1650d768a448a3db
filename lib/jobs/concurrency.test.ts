import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { eachLimited } from "./concurrency";

describe("eachLimited", () => {
  it("runs every item at most `limit` at a time", async () => {
    let running = 0;
    let most = 0;
    const progress = await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    });
    expect(progress).toEqual({ started: 7, finished: 7 });
    expect(most).toBe(3);
  });

  it("leaves no listener on a long-lived signal after a run that finished in time", async () => {
    const runner = new AbortController();
    for (let run = 0; run < 20; run++) await eachLimited([1, 2], 2, async () => undefined, runner.signal, { graceMs: 1000 });
    expect(getEventListeners(runner.signal, "abort")).toHaveLength(0);
  });

  it("takes no new item after the signal aborts and returns after the grace with the rest left", async () => {
    const stop = new AbortController();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const progress = await eachLimited(
      items,
      2,
      async (item) => {
        if (item === 1) stop.abort();
        await new Promise((resolve) => setTimeout(resolve, item === 0 ? 2_000 : 5));
      },
      stop.signal,
      { graceMs: 50 },
    );
    expect(progress.started).toBeLessThan(items.length);
    expect(progress.finished).toBeLessThan(progress.started);
  });
});
