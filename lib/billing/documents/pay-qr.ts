/**
 * The QR code of an invoice's pay link as rows of modules (true = dark), without the quiet zone: the PDF and
 * the printed page draw the same squares, and the browser's template preview never needs the encoder.
 */
import QRCode from "qrcode";

export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1));
}
