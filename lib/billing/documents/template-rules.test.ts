import { describe, expect, it } from "vitest";
import { brandColorProblem, invoiceTemplateSchema, logoProblem } from "./template-rules";
import { dataUrl, makePng } from "@/tests/support/pdf";

describe("brand colour", () => {
  it.each([
    ["#0f766e", null],
    ["#1D5FD6", null],
    ["#949494", null],
    ["#959595", /too light.*contrast 2\.9:1/],
    ["#ffcc00", /too light.*contrast 1\.5:1/],
    ["#fff", /six hex digits/],
    ["teal", /six hex digits/],
    ["", /six hex digits/],
  ])("%s → %s", (value, problem) => {
    const found = brandColorProblem(value);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe("logo", () => {
  const gif = `data:image/gif;base64,${Buffer.from("GIF89a\x01\x00\x01\x00").toString("base64")}`;
  it.each([
    ["a small PNG", dataUrl(makePng()), null],
    ["a JPEG", dataUrl(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), "image/jpeg"), null],
    ["a GIF", gif, "Use a PNG or JPEG image; this file is GIF."],
    ["a PNG over 200 KB", dataUrl(makePng({ width: 300, height: 300, noise: true })), /^The logo is \d+ KB; use an image of at most 200 KB\.$/],
    ["a GIF named PNG", `data:image/png;base64,${Buffer.from("GIF89a\x01\x00\x01\x00").toString("base64")}`, /not a real PNG/],
    ["not a data URL", "https://example.com/logo.png", "Upload the logo as a PNG or JPEG image."],
  ])("%s", (_, value, problem) => {
    const found = logoProblem(value);
    if (problem === null) expect(found).toBeNull();
    else if (typeof problem === "string") expect(found).toBe(problem);
    else expect(found).toMatch(problem);
  });
});

describe("template schema", () => {
  it("accepts a valid template, with or without a logo, and trims the texts", () => {
    const parsed = invoiceTemplateSchema.parse({ logoDataUrl: null, brandColor: " #0F766E ", invoiceNotes: " Pay by GCash ", invoiceFooter: "" });
    expect(parsed).toEqual({ logoDataUrl: null, brandColor: "#0F766E", invoiceNotes: "Pay by GCash", invoiceFooter: "" });
  });

  it("puts each problem on its field", () => {
    const result = invoiceTemplateSchema.safeParse({
      logoDataUrl: "data:image/gif;base64,R0lGOD",
      brandColor: "#eeeeee",
      invoiceNotes: "x".repeat(1001),
      invoiceFooter: "ok",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["logoDataUrl", "brandColor", "invoiceNotes"]);
  });
});
