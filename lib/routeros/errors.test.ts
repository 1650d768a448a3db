import { describe, expect, it, vi } from "vitest";
import { RouterOsCertificateError, RouterOsError, RouterOsTrapError } from "./errors";
import { WordTooLargeError } from "./protocol";

/** Another copy of the error module, as a second bundle of the app holds it. */
async function anotherCopy() {
  vi.resetModules();
  return { errors: await import("./errors"), protocol: await import("./protocol") };
}

describe("RouterOS errors made by another copy of the module", () => {
  it("are recognised as the class they were made by and its parents, and as no other", async () => {
    const other = await anotherCopy();
    const trap = new other.errors.RouterOsTrapError("/ppp/secret/add", [{ message: "failure: already have such name" }]);
    expect(trap).not.toBeInstanceOf(other.errors.RouterOsCertificateError);
    expect(trap instanceof RouterOsTrapError).toBe(true);
    expect(trap instanceof RouterOsError).toBe(true);
    expect(trap instanceof RouterOsCertificateError).toBe(false);
    expect(new other.errors.RouterOsError("connection", "refused") instanceof RouterOsTrapError).toBe(false);
    expect(new other.protocol.WordTooLargeError(10, 5) instanceof WordTooLargeError).toBe(true);
    expect(new other.protocol.WordTooLargeError(10, 5) instanceof RouterOsError).toBe(true);
  });

  it("leaves other errors alone", () => {
    expect(new Error("connect ECONNREFUSED") instanceof RouterOsError).toBe(false);
    expect(Object.assign(new Error("x"), { kind: "connection", name: "RouterOsError" }) instanceof RouterOsError).toBe(false);
    expect((null as unknown as object) instanceof RouterOsError).toBe(false);
  });
});
