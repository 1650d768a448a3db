import { describe, expect, it } from "vitest";
import { sampleFiles } from "@/tests/support/sample-files";
import { allowedTypesText, checkUpload, contentTypeText, storedFilename } from "@/lib/storage/file-types";

const MB = 1024 * 1024;

describe("checkUpload: what may be stored, by content", () => {
  const cases: [string, string, Uint8Array, string | { refused: RegExp }][] = [
    ["a PDF", "contract.pdf", sampleFiles.pdf, "application/pdf"],
    ["a JPEG photo", "IMG_0001.JPG", sampleFiles.jpeg, "image/jpeg"],
    ["a PNG", "screenshot.png", sampleFiles.png, "image/png"],
    ["a WebP", "photo.webp", sampleFiles.webp, "image/webp"],
    ["an iPhone HEIC photo", "IMG_0002.HEIC", sampleFiles.heic, "image/heic"],
    ["a Word document", "contract.docx", sampleFiles.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["an Excel workbook", "payments.xlsx", sampleFiles.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["a PDF named like a photo (typed by its bytes)", "scan.jpg", sampleFiles.pdf, "application/pdf"],
    ["a photo with no extension", "upload", sampleFiles.jpeg, "image/jpeg"],
    ["a Windows program renamed .pdf", "contract.pdf", sampleFiles.windowsExe, { refused: /program or script/ }],
    ["a Linux program renamed .jpg", "id.jpg", sampleFiles.elf, { refused: /program or script/ }],
    ["a macOS program renamed .png", "photo.png", sampleFiles.machO, { refused: /program or script/ }],
    ["a universal macOS program", "photo.pdf", sampleFiles.machOFat, { refused: /program or script/ }],
    ["a shell script renamed .pdf", "bill.pdf", sampleFiles.shellScript, { refused: /program or script/ }],
    ["a program with its own name", "setup.exe", sampleFiles.windowsExe, { refused: /\.exe files/ }],
    ["a real PDF named .bat", "run.bat", sampleFiles.pdf, { refused: /\.bat files/ }],
    ["a real PNG named .html", "invoice.html", sampleFiles.png, { refused: /\.html files/ }],
    ["an SVG (it can carry script)", "logo.svg", sampleFiles.svg, { refused: /\.svg files/ }],
    ["an SVG renamed .png", "logo.png", sampleFiles.svg, { refused: /cannot be uploaded/ }],
    ["a JavaScript file", "app.js", sampleFiles.text, { refused: /\.js files/ }],
    ["an HTML page renamed .pdf", "statement.pdf", sampleFiles.html, { refused: /This kind of file/ }],
    ["a plain text file", "notes.txt", sampleFiles.text, { refused: /This kind of file/ }],
    ["a GIF (not on the list)", "anim.gif", sampleFiles.gif, { refused: /This kind of file/ }],
    ["a zip that is not a Word document", "contract.docx", sampleFiles.zip, { refused: /not a real Office file/ }],
    ["a Word document with macros", "contract.docx", sampleFiles.docm, { refused: /macros/ }],
    ["an empty file", "contract.pdf", new Uint8Array(), { refused: /empty/ }],
  ];
  it.each(cases)("%s (%s)", (_, name, bytes, expected) => {
    const result = checkUpload({ name, bytes }, 10 * MB);
    if (typeof expected === "string") {
      expect(result).toMatchObject({ ok: true, contentType: expected });
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(expected.refused);
    }
  });

  it("refuses a file over the limit and says both sizes; one exactly at the limit passes", () => {
    const limit = 10 * MB;
    const big = new Uint8Array(12.5 * MB);
    big.set(sampleFiles.pdf);
    expect(checkUpload({ name: "scan.pdf", bytes: big }, limit)).toEqual({
      ok: false,
      message: "The file is 12.5 MB; files up to 10 MB can be uploaded.",
    });
    expect(checkUpload({ name: "scan.pdf", bytes: big.subarray(0, limit + 1) }, limit).ok).toBe(false);
    expect(checkUpload({ name: "scan.pdf", bytes: big.subarray(0, limit) }, limit).ok).toBe(true);
  });

  it("names the allowed types in the refusal", () => {
    expect(allowedTypesText).toBe("PDF, JPEG, PNG, WebP, HEIC, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)");
    expect(contentTypeText("image/heic")).toBe("HEIC");
  });
});

describe("storedFilename", () => {
  it.each([
    ["contract.pdf", "pdf", "contract.pdf"],
    ["scan.jpg", "pdf", "scan.jpg.pdf"],
    ["C:\\Users\\ana\\Desktop\\ID front.JPG", "jpeg", "ID front.JPG"],
    ["../../etc/passwd", "png", "passwd.png"],
    ['bad"name<>|\u0007.png', "png", "badname.png"],
    ["...hidden.pdf", "pdf", "hidden.pdf"],
    ["", "webp", "file.webp"],
    [`${"x".repeat(300)}.pdf`, "pdf", `${"x".repeat(140)}.pdf`],
  ] as const)("%s as %s → %s", (name, type, expected) => {
    expect(storedFilename(name, type)).toBe(expected);
  });
});
