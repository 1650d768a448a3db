import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateServicePassword, SecretKeyMismatchError, secretKeyMismatchIn } from "@/lib/core/crypto";
import { parseMoneyToCentavos, formatMoney } from "@/lib/core/money";

const secret = "a-test-secret-that-is-long-enough-123456";

describe("secrets at rest", () => {
  it("round-trips through AES-256-GCM with a fresh IV each time", () => {
    const a = encryptSecret("router-pass", secret);
    const b = encryptSecret("router-pass", secret);
    expect(a).not.toBe(b);
    expect(a.startsWith("v1:")).toBe(true);
    expect(decryptSecret(a, secret)).toBe("router-pass");
  });

  it("refuses a tampered envelope or the wrong key", () => {
    const envelope = encryptSecret("router-pass", secret);
    const parts = envelope.split(":");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join(":"), secret)).toThrow();
    expect(() => decryptSecret(envelope, "another-secret-that-is-long-enough-000000")).toThrow(SecretKeyMismatchError);
    expect(() => decryptSecret(envelope, "another-secret-that-is-long-enough-000000")).toThrow(/different ENCRYPTION_SECRET/);
  });

  it("finds the key mismatch behind a wrapping error", () => {
    const mismatch = new SecretKeyMismatchError();
    expect(secretKeyMismatchIn(new Error("could not connect", { cause: mismatch }))).toBe(mismatch);
    expect(secretKeyMismatchIn(new Error("timeout"))).toBeNull();
  });

  it("generates service passwords without look-alike characters", () => {
    for (let i = 0; i < 50; i++) expect(generateServicePassword()).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{10}$/);
  });
});

describe("money", () => {
  it.each([
    ["1299", 129900],
    ["1,299.50", 129950],
    ["₱ 99.9", 9990],
    ["PHP 0.01", 1],
    ["12.345", null],
    ["-1", null],
    ["abc", null],
    ["90071992547409.91", 9007199254740991],
    ["90071992547409.92", null],
    ["99999999999999999999", null],
  ])("parses %s", (text, centavos) => expect(parseMoneyToCentavos(text)).toBe(centavos));

  it("formats centavos as pesos", () => expect(formatMoney(129950)).toBe("₱1,299.50"));
});
