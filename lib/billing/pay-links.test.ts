import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { payLinkFor, payTokenFor, readPayToken, shortPayLinkFor, shortPayTokenFor } from "@/lib/billing/pay-links";
import { readShortId, signShortId } from "@/lib/core/signed-ids";

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

describe("short invoice pay links", () => {
  const SHORT = "invoice-short-links-v1";
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const flip = (token: string, at: number) =>
    token.slice(0, at) + alphabet[(alphabet.indexOf(token[at]) + 1) % alphabet.length] + token.slice(at + 1);

  it("carries the invoice id in 34 characters under APP_URL/p and verifies only for the invoice's tenant", () => {
    const token = shortPayTokenFor(ids);
    expect(token).toMatch(/^[A-Za-z0-9_-]{34}$/);
    expect(shortPayLinkFor(ids)).toBe(`http://localhost:3000/p/${token}`);
    const read = readShortId(SHORT, token);
    expect(read?.id).toBe(ids.invoiceId);
    expect(read?.verify(ids.tenantId)).toBe(true);
    expect(read?.verify(randomUUID())).toBe(false);
    expect(read?.verify("")).toBe(false);
  });

  it("refuses every single-character change: the id then fails its MAC, and a changed MAC fails too", () => {
    const token = shortPayTokenFor(ids);
    for (let i = 0; i < token.length; i++) {
      const read = readShortId(SHORT, flip(token, i));
      // The last character's unused bits make a non-canonical spelling, refused before any MAC check.
      expect(read === null || !read.verify(ids.tenantId), `position ${i}`).toBe(true);
    }
  });

  it("refuses a token signed for another purpose, including the long pay links' key", () => {
    for (const purpose of ["invoice-pay-links-v1", "portal-magic-links-v1"]) {
      const foreign = signShortId(purpose, ids.tenantId, ids.invoiceId);
      expect(readShortId(SHORT, foreign)?.verify(ids.tenantId)).toBe(false);
    }
  });

  it("refuses anything that is not exactly 34 canonical base64url characters", () => {
    const token = shortPayTokenFor(ids);
    // The last character holds 2 bits of the MAC and 4 unused ones (A, Q, g or w): the next letter spells the same bytes.
    const sameBytes = token.slice(0, 33) + alphabet[alphabet.indexOf(token[33]) + 1];
    expect(Buffer.from(sameBytes, "base64url").equals(Buffer.from(token, "base64url"))).toBe(true);
    for (const bad of [
      sameBytes,
      token.slice(0, -1),
      `${token}A`,
      `${token.slice(0, 33)}=`,
      token.replace(/^./, "+"),
      "",
      "../../etc/passwd",
      payTokenFor(ids),
    ]) {
      expect(readShortId(SHORT, bad), bad).toBeNull();
    }
  });

  it("signs UUIDs only", () => {
    expect(() => signShortId(SHORT, ids.tenantId, "INV-2026-000123")).toThrow();
  });
});
