import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { deadlineSignal } from "./deadline";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("deadlineSignal", () => {
  it("aborts at its deadline even when garbage is collected while it waits", async () => {
    const { signal } = deadlineSignal(150, new AbortController().signal);
    let fired = false;
    signal.addEventListener("abort", () => (fired = true));
    for (let i = 0; i < 4; i++) {
      collectGarbage();
      await pause(25);
    }
    await pause(250);
    expect(fired).toBe(true);
    expect((signal.reason as DOMException).name).toBe("TimeoutError");
  });

  it("aborts with the parent's reason when the parent aborts first", () => {
    const parent = new AbortController();
    const { signal, clear } = deadlineSignal(60_000, parent.signal);
    parent.abort(new Error("client went away"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("client went away");
    clear();
  });

  it("never aborts once cleared", async () => {
    const { signal, clear } = deadlineSignal(30);
    clear();
    await pause(80);
    expect(signal.aborted).toBe(false);
  });
});
