import { describe, expect, it } from "vitest";
import { renderEmailHtml } from "./email-html";

const branding = { name: "Batangas Fiber <Net>", brandColor: "#0f766e", hasLogo: false, contact: "0917 123 4567" };

describe("branded notification email", () => {
  it("puts the ISP's name on its brand colour with readable text, and the contact in the footer", () => {
    const html = renderEmailHtml({ subject: "Invoice INV-1", text: "Hello", branding });
    expect(html).toContain("background:#0f766e;color:#ffffff");
    expect(html).toContain("Batangas Fiber &lt;Net&gt;");
    expect(html).toContain("Batangas Fiber &lt;Net&gt; · 0917 123 4567");
    expect(html).not.toContain("cid:");
    // A light brand colour gets dark text.
    expect(renderEmailHtml({ subject: "s", text: "t", branding: { ...branding, brandColor: "#fde68a" } })).toContain(
      "background:#fde68a;color:#000000",
    );
  });

  it("escapes the template's text, keeps its paragraphs and line breaks, and makes links clickable", () => {
    const html = renderEmailHtml({
      subject: "s",
      text: "Hello Juan,\n\nPay <here>: https://isp.example.ph/pay/Ab3.\nThanks & see you",
      branding,
    });
    expect(html).toContain('<p style="margin:0 0 16px">Hello Juan,</p>');
    expect(html).toContain("Pay &lt;here&gt;: ");
    expect(html).toContain(
      '<a href="https://isp.example.ph/pay/Ab3" style="color:#0b57d0;word-break:break-all">https://isp.example.ph/pay/Ab3</a>.<br>Thanks &amp; see you',
    );
    expect(html).not.toContain("<here>");
  });

  it("shows the logo as an inline attachment when the ISP has one", () => {
    expect(renderEmailHtml({ subject: "s", text: "t", branding: { ...branding, hasLogo: true } })).toContain('src="cid:isp-logo"');
  });
});
