import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localDriver } from "@/lib/storage/drivers/local";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-files-"));
const outside = path.join(path.dirname(root), `${path.basename(root)}-secret.txt`);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { force: true });
});

describe("local disk driver", () => {
  const driver = localDriver(root);
  const key = "tenant-a/customer_document/2026/11/0b7f3d2e-file";

  it("writes under its root, reads back the same bytes, deletes, and reads a missing key as null", async () => {
    await driver.put(key, new Uint8Array([1, 2, 3]), "application/pdf");
    expect(fs.readFileSync(path.join(root, key))).toEqual(Buffer.from([1, 2, 3]));
    expect(await driver.get(key)).toEqual(new Uint8Array([1, 2, 3]));
    await driver.delete(key);
    expect(fs.existsSync(path.join(root, key))).toBe(false);
    expect(await driver.get(key)).toBeNull();
    await expect(driver.delete(key)).resolves.toBeUndefined();
  });

  it("replaces a file whole and leaves no temporary files behind", async () => {
    await driver.put(key, new Uint8Array(1000).fill(7), "image/png");
    await driver.put(key, new Uint8Array([9]), "image/png");
    expect(await driver.get(key)).toEqual(new Uint8Array([9]));
    expect(fs.readdirSync(path.dirname(path.join(root, key)))).toEqual([path.basename(key)]);
  });

  it.each([
    ["a parent-directory escape", "../" + path.basename(outside)],
    ["an escape in the middle", "tenant-a/../../" + path.basename(outside)],
    ["an absolute path", outside],
    ["a backslash path", "tenant-a\\..\\..\\secret.txt"],
    ["a dot segment", "tenant-a/./file"],
    ["an empty segment", "tenant-a//file"],
    ["an empty key", ""],
    ["a NUL byte", "tenant-a/file\u0000.pdf"],
  ])("refuses %s for put, get and delete", async (_, bad) => {
    fs.writeFileSync(outside, "keep me");
    await expect(driver.put(bad, new Uint8Array([1]), "application/pdf")).rejects.toThrow(/Refused storage key/);
    await expect(driver.get(bad)).rejects.toThrow(/Refused storage key/);
    await expect(driver.delete(bad)).rejects.toThrow(/Refused storage key/);
    expect(fs.readFileSync(outside, "utf8")).toBe("keep me");
  });
});
