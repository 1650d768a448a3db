import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { payLinkFor, payTokenFor, readPayToken } from "@/lib/billing/pay-links";

const ids = { tenantId: randomUUID(), invoiceId: randomUUID() };

describe("invoice pay links", () => {
  it("round-trips the tenant and invoice through an 86-character token under APP_URL", () => {
    const token = payTokenFor(ids);
    expect(token).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(readPayToken(token)).toEqual(ids);
    expect(payLinkFor(ids)).toBe(`http://localhost:3000/pay/${token}`);
  });

  it("refuses every single-character change, truncation, extension and re-signing with swapped ids", () => {
    const token = payTokenFor(ids);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(token[i]) + 1) % alphabet.length];
      expect(readPayToken(token.slice(0, i) + swapped + token.slice(i + 1)), `position ${i}`).toBeNull();
    }
    expect(readPayToken(token.slice(0, -1))).toBeNull();
    expect(readPayToken(`${token}A`)).toBeNull();
    const other = payTokenFor({ tenantId: ids.invoiceId, invoiceId: ids.tenantId });
    expect(readPayToken(other.slice(0, 43) + token.slice(43))).toBeNull();
    expect(readPayToken("")).toBeNull();
    expect(readPayToken("../../etc/passwd")).toBeNull();
  });
});

describe("invoice pay links and built-in secrets", () => {
  it("refuses a token forged with the fallback secret older versions used when none was configured", () => {
    const oldDefault = "netsphere-development-auth-secret-not-for-production";
    const key = Buffer.from(hkdfSync("sha256", oldDefault, "netsphere", "invoice-pay-links-v1", 32));
    const idBytes = Buffer.from(`${ids.tenantId}${ids.invoiceId}`.replaceAll("-", ""), "hex");
    const forged = Buffer.concat([idBytes, createHmac("sha256", key).update(idBytes).digest()]).toString("base64url");
    expect(forged).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(readPayToken(forged)).toBeNull();
  });
});
