/*
 * The HTML side of a notification email: the ISP's name (and logo) on a band of its brand colour, the
 * template's text with its links made clickable, and a footer. The plain text stays the message of record
 * (the dev mailbox, the communication log); this is what mail apps show. Pure, so it is tested as text.
 */
import { brandColors } from "@/lib/portal/brand-colors";

export type EmailBranding = { name: string; brandColor: string | null; hasLogo: boolean; contact: string };

/** The content id under which the logo travels with the email (mail apps block remote and data: images). */
export const LOGO_CID = "isp-logo";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/** One paragraph per blank-line-separated block; single line breaks kept; http(s) links clickable. */
function paragraphs(text: string, linkColor: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((block) => {
      const html = escapeHtml(block)
        .replace(URL_PATTERN, (url) => `<a href="${url}" style="color:${linkColor};word-break:break-all">${url}</a>`)
        .replace(/\n/g, "<br>");
      return `<p style="margin:0 0 16px">${html}</p>`;
    })
    .join("");
}

export function renderEmailHtml({ subject, text, branding }: { subject: string; text: string; branding: EmailBranding }): string {
  const { background, foreground } = brandColors(branding.brandColor);
  const name = escapeHtml(branding.name);
  const logo = branding.hasLogo ? `<img src="cid:${LOGO_CID}" alt="" height="32" style="height:32px;vertical-align:middle;margin-right:10px">` : "";
  const footer = branding.contact ? `${name} · ${escapeHtml(branding.contact)}` : name;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">',
    `<tr><td style="background:${background};color:${foreground};padding:16px 24px;font-size:18px;font-weight:bold">${logo}${name}</td></tr>`,
    `<tr><td style="padding:24px;font-size:15px;line-height:1.5">${paragraphs(text, "#0b57d0")}</td></tr>`,
    `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#57606a">${footer}</td></tr>`,
    "</table></td></tr></table></body></html>",
  ].join("");
}
