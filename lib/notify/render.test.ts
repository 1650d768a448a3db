import { describe, expect, it } from "vitest";
import { defaultTemplate } from "./defaults";
import { sampleData, variablesOf } from "./events";
import { malformedPlaceholders, renderMessage, renderTemplate, smsParts, unknownVariables, variablesIn } from "./render";
import { templateSchema } from "./rules";
import { notificationChannels, notificationEvents } from "./schema";

describe("rendering templates", () => {
  it("fills in variables, with or without spaces inside the braces", () => {
    expect(renderTemplate("Hi {{customerName}}, {{ amountDue }} is due.", { customerName: "Ana", amountDue: "₱999.00" })).toBe(
      "Hi Ana, ₱999.00 is due.",
    );
    expect(renderTemplate("{{n}} days", { n: 12 })).toBe("12 days");
  });

  it("leaves out a line whose variables are all empty, and keeps lines with some text filled in", () => {
    const text = ["Amount due: {{amountDue}}", "Service period: {{period}}", "{{howToPay}}", "", "", "", "Bye {{customerName}} {{missing}}"].join(
      "\n",
    );
    expect(renderTemplate(text, { amountDue: "₱1.00", period: "", howToPay: null, customerName: "Ana" })).toBe("Amount due: ₱1.00\n\nBye Ana");
  });

  it("expands multi-line values and keeps a subject on one line", () => {
    expect(renderTemplate("{{howToPay}}\nThanks", { howToPay: "How to pay:\nGCash" })).toBe("How to pay:\nGCash\nThanks");
    expect(renderMessage({ subject: "Re: {{x}}", body: "b" }, { x: "one\ntwo" }).subject).toBe("Re: one two");
  });

  it("lists the variables a text uses and those the event does not know", () => {
    expect(variablesIn("{{a}} {{ b }} {{a}}")).toEqual(["a", "b"]);
    expect(unknownVariables("payment_received", ["{{amount}} {{receipt}} {{tenantName}}", "{{amountt}}"])).toEqual(["receipt", "amountt"]);
    expect(unknownVariables("invoice_issued", ["{{invoiceNumber}} {{payUrl}}"])).toEqual([]);
  });

  it("finds placeholders that are not written as {{name}}", () => {
    expect(malformedPlaceholders("{{ok}} {{bad name}} {{open")).toEqual(["{{bad name}}", "{{open"]);
    expect(malformedPlaceholders("{{fine}} and } alone")).toEqual([]);
  });

  it("counts SMS parts", () => {
    expect(smsParts("a".repeat(160))).toBe(1);
    expect(smsParts("a".repeat(161))).toBe(2);
    expect(smsParts("₱".repeat(71))).toBe(2);
  });
});

describe("built-in templates", () => {
  it("exist for every event and channel, use only declared variables and render with sample data", () => {
    for (const event of notificationEvents) {
      for (const channel of notificationChannels) {
        const template = defaultTemplate(event, channel);
        expect(unknownVariables(event, [template.subject, template.body]), `${event}/${channel}`).toEqual([]);
        const rendered = renderMessage(template, sampleData(event, "Batangas Fiber Net"));
        expect(rendered.body.length, `${event}/${channel}`).toBeGreaterThan(10);
        expect(rendered.body).not.toContain("{{");
        if (channel === "email") expect(rendered.subject.length).toBeGreaterThan(5);
        else expect(template.subject).toBe("");
      }
    }
  });

  it("brand SMS with the ISP's name", () => {
    const sms = renderMessage(defaultTemplate("payment_received", "sms"), sampleData("payment_received", "Lipa Wireless"));
    expect(sms.body.startsWith("Lipa Wireless: we received ₱1,499.00")).toBe(true);
  });

  it("declare each variable once per event", () => {
    for (const event of notificationEvents) {
      const names = variablesOf(event).map((v) => v.name);
      expect(new Set(names).size, event).toBe(names.length);
    }
  });
});

describe("saving a template", () => {
  const base = { event: "due_reminder", channel: "sms", enabled: true, subject: "" } as const;

  it("refuses unknown variables with an error that lists them", () => {
    const result = templateSchema.safeParse({ ...base, body: "{{tenantName}}: {{invoiceNo}} due {{dueWhen}}, call {{hotline}}" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["body", "Unknown variables: {{invoiceNo}}, {{hotline}}"]]);
  });

  it("refuses malformed placeholders and an email without a subject", () => {
    const result = templateSchema.safeParse({ ...base, channel: "email", body: "Pay {{amountDue" });
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["body", "Write variables as {{name}}; check {{amountDue"],
      ["subject", "An email needs a subject"],
    ]);
  });

  it("accepts a template that uses declared variables", () => {
    expect(templateSchema.safeParse({ ...base, body: "{{tenantName}}: {{invoiceNumber}} is due {{dueWhen}}." }).success).toBe(true);
  });
});
