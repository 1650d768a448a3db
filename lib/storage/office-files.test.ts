import { describe, expect, it } from "vitest";
import { strToU8, unzipSync, zipSync } from "fflate";
import { officeFile, sampleFiles } from "@/tests/support/sample-files";
import { checkUpload } from "@/lib/storage/file-types";
import { checkOfficeFile, officeLimits } from "@/lib/storage/office-files";

const MB = 1024 * 1024;
const windowsProgram = sampleFiles.windowsExe;
const upload = (name: string, bytes: Uint8Array) => checkUpload({ name, bytes }, 10 * MB);

describe("office files are judged by what the ZIP holds", () => {
  it("accepts minimal real .docx, .xlsx and .pptx files, each as its own type", () => {
    expect(upload("contract.docx", officeFile("docx"))).toMatchObject({ ok: true, type: "docx", filename: "contract.docx" });
    expect(upload("payments.xlsx", officeFile("xlsx"))).toMatchObject({ ok: true, type: "xlsx", filename: "payments.xlsx" });
    expect(upload("tower-survey.pptx", officeFile("pptx"))).toMatchObject({ ok: true, type: "pptx", filename: "tower-survey.pptx" });
    // Named by what it is, not by what it claims.
    expect(upload("payments.docx", officeFile("xlsx"))).toMatchObject({ ok: true, type: "xlsx", filename: "payments.docx.xlsx" });
  });

  it("refuses a ZIP holding payload.exe beside two entries named like a Word document's parts", () => {
    const attack = zipSync({ "[Content_Types].xml": new Uint8Array(), "word/document.xml": new Uint8Array(), "payload.exe": windowsProgram });
    expect(upload("contract.docx", attack)).toEqual({ ok: false, message: expect.stringMatching(/program or script inside/) });
    // The same markers without the program are still not a document: nothing declares the main part.
    expect(upload("contract.docx", zipSync({ "[Content_Types].xml": new Uint8Array(), "word/document.xml": new Uint8Array() })).ok).toBe(false);
  });

  it("refuses programs and scripts inside a real document, whatever their names say", () => {
    expect(checkOfficeFile(officeFile("docx", { "word/media/image1.png": windowsProgram }))).toMatchObject({ ok: false, message: /program or script/ });
    expect(checkOfficeFile(officeFile("docx", { "word/media/image1.png": sampleFiles.elf }))).toMatchObject({ ok: false, message: /program or script/ });
    expect(checkOfficeFile(officeFile("xlsx", { "xl/embeddings/run": sampleFiles.shellScript }))).toMatchObject({ ok: false, message: /program or script/ });
    // Stored (not deflated) entries too.
    expect(checkOfficeFile(officeFile("docx", { "word/media/a.png": [windowsProgram, { level: 0 }] }))).toMatchObject({ ok: false });
    expect(checkOfficeFile(officeFile("docx", { "word/setup.js": strToU8("alert(1)") }))).toMatchObject({ ok: false, message: /program or script/ });
  });

  it("refuses macros, entries that climb out of the archive, and a declared main part that is missing", () => {
    expect(checkOfficeFile(sampleFiles.docm)).toMatchObject({ ok: false, message: /macros/ });
    expect(checkOfficeFile(officeFile("docx", { "../../etc/cron.d/x": strToU8("x") }))).toMatchObject({ ok: false, message: /path outside/ });
    expect(checkOfficeFile(officeFile("docx", { "/tmp/x.xml": strToU8("x") }))).toMatchObject({ ok: false, message: /path outside/ });
    expect(checkOfficeFile(officeFile("docx", { "word\\..\\x.xml": strToU8("x") }))).toMatchObject({ ok: false, message: /path outside/ });
    const withoutMain = zipSync({ "[Content_Types].xml": unzipPart(officeFile("docx"), "[Content_Types].xml") });
    expect(checkOfficeFile(withoutMain)).toMatchObject({ ok: false, message: /not a real Office file/ });
  });

  it("refuses zip bombs: a part that unpacks far beyond its size, too many parts", () => {
    const bomb = officeFile("docx", { "word/media/image1.png": new Uint8Array(8 * MB) });
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    expect(upload("contract.docx", bomb)).toMatchObject({ ok: false, message: expect.stringMatching(/unpacks to far more/) });
    const many = Object.fromEntries(Array.from({ length: officeLimits.entries + 1 }, (_, i) => [`word/p${i}.xml`, strToU8("<p/>")]));
    expect(checkOfficeFile(officeFile("docx", many))).toMatchObject({ ok: false, message: /more than 2000 parts/ });
  });

  it("refuses an archive whose local header names another entry than its directory does, or a truncated one", () => {
    const docx = officeFile("docx", { "word/media/a.png": strToU8("harmless") });
    const renamed = docx.slice();
    const at = Buffer.from(renamed).indexOf("word/media/a.png");
    renamed.set(strToU8("word/media/a.exe"), at);
    expect(checkOfficeFile(renamed)).toMatchObject({ ok: false });
    expect(checkOfficeFile(docx.subarray(0, docx.length - 30))).toMatchObject({ ok: false, message: /not a real Office file/ });
  });
});

/** One entry's bytes, read with fflate's own reader. */
const unzipPart = (zip: Uint8Array, name: string) => unzipSync(zip)[name];
