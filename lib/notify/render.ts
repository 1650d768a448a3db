/*
 * {{variable}} templates: what they use, whether every variable is known for the event, and rendering.
 * Rendering leaves out a line whose variables all came out empty ("Service period: {{period}}" for an
 * invoice without one), trims line ends and never leaves more than one blank line in a row.
 * Pure: the template editor previews in the browser with the same code.
 */
import { variablesOf } from "./events";
import type { NotificationEvent } from "./values";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export type TemplateData = Record<string, string | number | null | undefined>;

/** The variable names a text uses, in order of first use. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** `{{` or `}}` that is not part of a well-formed `{{name}}` placeholder. */
export function malformedPlaceholders(text: string): string[] {
  const rest = text.replace(PLACEHOLDER, "");
  const found = rest.match(/\{\{[^}]*\}?\}?|\}\}/g) ?? [];
  return [...new Set(found.map((s) => s.slice(0, 30)))];
}

/** Variables the texts use that the event does not declare. */
export function unknownVariables(event: NotificationEvent, texts: string[]): string[] {
  const known = new Set(variablesOf(event).map((variable) => variable.name));
  return [...new Set(texts.flatMap(variablesIn))].filter((name) => !known.has(name));
}

const valueOf = (data: TemplateData, name: string) => {
  const value = data[name];
  return value === null || value === undefined ? "" : String(value);
};

type CompiledLine = { parts: string[]; names: string[] };
/** Parsed templates by text: the billing run renders one template for thousands of invoices. */
const compiled = new Map<string, CompiledLine[]>();

function compile(text: string): CompiledLine[] {
  let lines = compiled.get(text);
  if (lines) return lines;
  // split() with a capture group alternates text and variable names: ["Hi ", "name", "!"].
  lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => {
      const pieces = line.split(PLACEHOLDER);
      return { parts: pieces, names: pieces.filter((_, i) => i % 2 === 1) };
    });
  if (compiled.size > 500) compiled.clear();
  compiled.set(text, lines);
  return lines;
}

/** Fills in the variables of a template; unknown or missing ones become empty. */
export function renderTemplate(text: string, data: TemplateData): string {
  const out: string[] = [];
  for (const { parts, names } of compile(text)) {
    if (names.length > 0 && names.every((name) => valueOf(data, name).trim() === "")) continue;
    out.push(parts.map((part, i) => (i % 2 === 1 ? valueOf(data, part) : part)).join(""));
  }
  return out
    .join("\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function renderMessage(template: { subject: string; body: string }, data: TemplateData): { subject: string; body: string } {
  // A subject is one line: a multi-line value must not break the header.
  return { subject: renderTemplate(template.subject, data).replace(/\s*\n\s*/g, " "), body: renderTemplate(template.body, data) };
}

/** An SMS is split into parts of 153 characters once it is over 160 (GSM-7; 67/70 with other characters). */
export function smsParts(text: string): number {
  const gsm = /^[\x20-\x7e\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  return text.length <= single ? 1 : Math.ceil(text.length / part);
}
