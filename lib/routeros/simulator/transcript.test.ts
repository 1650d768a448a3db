import { describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { startSimulator, type SimulatorOptions } from "./server";
import { formatTranscript, parseTranscript, replayTranscript } from "./transcript";

const options: SimulatorOptions = { username: "u", password: "p", version: "7.19.2", seed: 3, record: true };

/** A short session: writes, a refusal, an empty print, seeded ping times, virtual-clock uptime. */
async function recordSession(simulatorOptions: SimulatorOptions): Promise<string> {
  const simulator = await startSimulator(simulatorOptions);
  const client = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p" });
  await client.connect();
  await client.write("/ppp/secret/add", { name: "alice", password: "s3", comment: 'demo "gold" customer' });
  await client.write("/ppp/secret/add", { name: "alice" }).catch(() => undefined);
  await client.write("/ppp/active/print", { ".proplist": ".id,name" }, ["?name=nobody"]);
  await client.write("/ping", { address: "8.8.8.8", count: "2" });
  simulator.advance(90);
  await client.write("/system/resource/print", { ".proplist": "uptime,version" });
  await client.close();
  await simulator.stop();
  return simulator.transcript();
}

describe("record and replay (checklist 29)", () => {
  it("records sentences in the <<< / >>> format", async () => {
    const transcript = await recordSession(options);
    const lines = transcript.split("\n");
    expect(lines[0]).toBe("# connection 1");
    expect(lines).toContain('<<< /ppp/secret/add =name=alice =password=s3 "=comment=demo \\"gold\\" customer" .tag=2');
    expect(lines).toContain('>>> !trap "=message=failure: secret with the same name already exists" .tag=3');
    expect(lines).toContain(">>> !empty .tag=4");
    expect(lines).toContain('>>> !re =uptime=1m30s "=version=7.19.2 (stable)" .tag=6');
  });

  it("records the same transcript on every run with the same seed", async () => {
    expect(await recordSession(options)).toBe(await recordSession(options));
  });

  it("replays a recording against a fresh simulator as a golden test", async () => {
    const recorded = await recordSession(options);
    const fresh = await startSimulator({ ...options, record: false });
    // The recording read the uptime at virtual second 90 and nothing else depends on the clock.
    fresh.advance(90);
    const replayed = await replayTranscript(fresh.port, recorded);
    await fresh.stop();
    expect(replayed).toBe(recorded);
  });

  it("shows where a router behaves differently", async () => {
    const recorded = await recordSession(options);
    const older = await startSimulator({ ...options, version: "7.16.1", record: false });
    const replayed = await replayTranscript(older.port, recorded, { waitMs: 200 });
    await older.stop();
    expect(replayed).not.toContain(">>> !empty .tag=4");
    expect(replayed).toContain("=version=7.16.1 (stable)");
  });

  it("round-trips words with spaces, quotes, backslashes and empty values", () => {
    const sections = [
      { connection: 1, lines: [{ direction: "<<<" as const, words: ["/x", "=comment=a b", '=q="', "=path=C:\\dir", "=empty=", "", '"lead'] }] },
    ];
    expect(parseTranscript(formatTranscript(sections))).toEqual(sections);
  });
});
