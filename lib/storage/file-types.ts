/**
 * What may be uploaded, decided by the file's content (never by its name or the browser's type) plus a
 * list of names we refuse outright. Pure and free of server imports: upload fields show the same rules.
 */
import { checkOfficeFile } from "@/lib/storage/office-files";

export type AllowedType = { contentType: string; label: string; extensions: readonly string[]; image: boolean };

export const allowedTypes = {
  pdf: { contentType: "application/pdf", label: "PDF", extensions: ["pdf"], image: false },
  jpeg: { contentType: "image/jpeg", label: "JPEG", extensions: ["jpg", "jpeg"], image: true },
  png: { contentType: "image/png", label: "PNG", extensions: ["png"], image: true },
  webp: { contentType: "image/webp", label: "WebP", extensions: ["webp"], image: true },
  heic: { contentType: "image/heic", label: "HEIC", extensions: ["heic", "heif"], image: true },
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word (.docx)",
    extensions: ["docx"],
    image: false,
  },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "Excel (.xlsx)",
    extensions: ["xlsx"],
    image: false,
  },
  pptx: {
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    label: "PowerPoint (.pptx)",
    extensions: ["pptx"],
    image: false,
  },
} as const satisfies Record<string, AllowedType>;

export type AllowedTypeKey = keyof typeof allowedTypes;

/** For `<input type="file" accept>`: a hint to the picker, not a check. */
export const uploadAccept = Object.values(allowedTypes)
  .flatMap((t) => [t.contentType, ...t.extensions.map((e) => `.${e}`)])
  .join(",");

/** "PDF, JPEG, PNG, WebP, HEIC or Word (.docx)" */
export const allowedTypesText = (() => {
  const labels = Object.values(allowedTypes).map((t) => t.label);
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
})();

/** "PDF", "JPEG", … for a stored file's content type. */
export const contentTypeText = (contentType: string) => Object.values(allowedTypes).find((t) => t.contentType === contentType)?.label ?? contentType;

/** Images a browser can show in an `<img>` (HEIC is stored, but only Safari draws it). */
export const isPreviewableImage = (contentType: string) => ["image/jpeg", "image/png", "image/webp"].includes(contentType);

/** Shown in the browser rather than saved: images and PDFs. */
export const opensInline = (contentType: string) => isPreviewableImage(contentType) || contentType === "application/pdf";

/**
 * Names refused whatever the bytes say: programs and scripts, and documents a browser runs code in
 * (HTML, SVG, XML). A valid PNG named `invoice.html` is refused too.
 */
const blockedExtensions = new Set([
  "exe", "dll", "com", "scr", "msi", "msp", "cpl", "pif", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "wsf", "wsh", "hta", "lnk",
  "sh", "bash", "zsh", "csh", "ksh", "command", "app", "dmg", "pkg", "deb", "rpm", "apk", "jar", "class", "bin", "elf", "so", "dylib",
  "js", "mjs", "cjs", "jse", "ts", "py", "pyc", "pl", "rb", "php", "phtml", "asp", "aspx", "jsp", "cgi",
  "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "swf", "docm", "xlsm", "pptm",
]); // prettier-ignore

export const formatBytes = (bytes: number) => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
};

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);

/** Executable formats and scripts: Windows PE, ELF, Mach-O (thin, fat and both byte orders), shebang scripts. */
export function looksExecutable(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, [0x4d, 0x5a]) ||
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xce, 0xfa, 0xed, 0xfe],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe],
    ].some((sig) => startsWith(bytes, sig)) ||
    startsWith(bytes, [0x23, 0x21]) ||
    // A UTF-8 byte order mark in front of a shebang.
    startsWith(bytes, [0xef, 0xbb, 0xbf, 0x23, 0x21])
  );
}

const heicBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);

/** The allowlisted type the bytes are, or null. */
export function sniffType(bytes: Uint8Array): AllowedTypeKey | null {
  if (ascii(bytes, 0, 5) === "%PDF-") return "pdf";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
  if (ascii(bytes, 4, 4) === "ftyp" && heicBrands.has(ascii(bytes, 8, 4))) return "heic";
  if (isZip(bytes)) {
    const office = checkOfficeFile(bytes);
    return office.ok ? office.format : null;
  }
  return null;
}

const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

export const extensionOf = (name: string) => {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return match ? match[1].toLowerCase() : "";
};

/**
 * A name safe to store and show: no path, no control characters, at most 150 characters, ending in the
 * extension of the type we detected (a PDF named `scan.jpg` becomes `scan.jpg.pdf`).
 */
export function storedFilename(name: string, type: AllowedTypeKey): string {
  const base = name.split(/[\\/]/).at(-1) ?? "";
  const clean = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const { extensions } = allowedTypes[type];
  const stem = (clean || "file").slice(0, 140);
  return (extensions as readonly string[]).includes(extensionOf(stem)) ? stem : `${stem}.${extensions[0]}`;
}

export type UploadCheck = { ok: true; type: AllowedTypeKey; contentType: string; filename: string } | { ok: false; message: string };

/** The upload rules in one place: empty, too large, refused name, program, not on the allowlist. */
export function checkUpload(file: { name: string; bytes: Uint8Array }, maxBytes: number): UploadCheck {
  const size = file.bytes.byteLength;
  if (size === 0) return { ok: false, message: "The file is empty. Choose the file again." };
  if (size > maxBytes) return { ok: false, message: `The file is ${formatBytes(size)}; files up to ${formatBytes(maxBytes)} can be uploaded.` };
  if (blockedExtensions.has(extensionOf(file.name))) {
    return { ok: false, message: `.${extensionOf(file.name)} files can carry programs or scripts and cannot be uploaded.` };
  }
  if (looksExecutable(file.bytes)) return { ok: false, message: "This file is a program or script; those cannot be uploaded." };
  // An office file is a ZIP that could carry anything: its own check says what is wrong with it.
  if (isZip(file.bytes)) {
    const office = checkOfficeFile(file.bytes);
    if (!office.ok) return { ok: false, message: office.message };
  }
  const type = sniffType(file.bytes);
  if (!type) return { ok: false, message: `This kind of file cannot be uploaded. Allowed: ${allowedTypesText}.` };
  return { ok: true, type, contentType: allowedTypes[type].contentType, filename: storedFilename(file.name, type) };
}
