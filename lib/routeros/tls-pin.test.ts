import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "./client";
import { RouterOsCertificateError, RouterOsError } from "./errors";
import { RouterOsRestClient } from "./rest";
import { startSimulator, type RunningSimulator } from "./simulator/server";
import { normaliseFingerprint } from "./tls-pin";

let simulator: RunningSimulator;
const WRONG = "AA:".repeat(31) + "AA";

beforeAll(async () => {
  simulator = await startSimulator({ username: "u", password: "p", tlsPort: 0, restPort: 0 });
});

afterAll(async () => {
  await simulator.stop();
});

async function failure(promise: Promise<unknown>): Promise<RouterOsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RouterOsError);
  return error as RouterOsError;
}

const apiSsl = (extra: Partial<ConstructorParameters<typeof RouterOsClient>[0]>) =>
  new RouterOsClient({ host: "127.0.0.1", port: simulator.tlsPort, tls: true, username: "u", password: "p", timeoutMs: 2000, ...extra });
const rest = (extra: Partial<ConstructorParameters<typeof RouterOsRestClient>[0]>) =>
  new RouterOsRestClient({ host: "127.0.0.1", restPort: simulator.restPort, username: "u", password: "p", timeoutMs: 2000, ...extra });

describe("certificate pinning", () => {
  it("connects api-ssl and REST when the fingerprint matches, in any spelling", async () => {
    const lowerNoColons = simulator.certificateFingerprint.replace(/:/g, "").toLowerCase();
    for (const client of [apiSsl({ tlsFingerprint: simulator.certificateFingerprint }), rest({ tlsFingerprint: lowerNoColons })]) {
      await client.connect();
      expect(client.peerFingerprint).toBe(simulator.certificateFingerprint);
      expect((await client.write("/system/identity/print")).rows).toEqual([{ name: "MikroTik" }]);
      await client.close();
    }
  });

  it("fails api-ssl on a mismatch before the login is sent", async () => {
    simulator.resetMetrics();
    const error = await failure(apiSsl({ tlsFingerprint: WRONG }).connect());
    expect(error).toBeInstanceOf(RouterOsCertificateError);
    expect(error.kind).toBe("connection");
    expect(error.message).toContain("does not match the pinned fingerprint");
    expect((error as RouterOsCertificateError).actualFingerprint).toBe(simulator.certificateFingerprint);
    expect(simulator.metrics().commands).toBe(0);
  });

  it("fails REST on a mismatch before any request (and its credentials) is sent", async () => {
    simulator.resetMetrics();
    const client = rest({ tlsFingerprint: WRONG });
    const error = await failure(client.connect());
    expect(error).toBeInstanceOf(RouterOsCertificateError);
    expect(client.peerFingerprint).toBe(simulator.certificateFingerprint);
    expect(simulator.metrics().restRequests).toBe(0);
  });

  it("refuses the self-signed certificate without a pin or CA, and trusts it as a CA", async () => {
    const untrusted = await failure(apiSsl({}).connect());
    expect(untrusted.kind).toBe("connection");
    expect((await failure(rest({}).connect())).kind).toBe("connection");
    const trusted = apiSsl({ tlsOptions: { ca: simulator.certificate } });
    await trusted.connect();
    expect(trusted.peerFingerprint).toBe(simulator.certificateFingerprint);
    await trusted.close();
  });

  it("reports the fingerprint after an unpinned connect, for pinning on first use", async () => {
    const client = apiSsl({ tlsOptions: { rejectUnauthorized: false } });
    await client.connect();
    expect(client.peerFingerprint).toBe(simulator.certificateFingerprint);
    await client.close();
  });

  it("normalises fingerprints and rejects anything else", async () => {
    expect(normaliseFingerprint("ab".repeat(32))).toBe("AB:".repeat(31) + "AB");
    expect(() => normaliseFingerprint("AB:CD")).toThrow(RangeError);
    await expect(apiSsl({ tlsFingerprint: "sha256/xyz" }).connect()).rejects.toThrow(RangeError);
  });
});
