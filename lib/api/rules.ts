/* The API key form's rules, shared by the browser form and the server. */
import { z } from "zod";
import { apiScopes } from "@/lib/api/values";

const scope = z.enum(apiScopes as [string, ...string[]], { message: "Unknown scope." });

const addressOrRange = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** One address or CIDR range per line (or separated by commas); the form's check runs in the browser too. */
export function parseAllowedIps(raw: string): { ips: string[]; problem: string | null } {
  const entries = raw
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!addressOrRange.safeParse(entry).success) return { ips: [], problem: `"${entry}" is not an IP address or a range such as 203.0.113.0/24.` };
  }
  if (entries.length > 50) return { ips: [], problem: "At most 50 addresses or ranges." };
  return { ips: [...new Set(entries)], problem: null };
}

export const apiKeyFormSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as the system that will use it.").max(80, "At most 80 characters."),
  scopes: z.array(scope).min(1, "Choose at least one thing the key may do."),
  /** A calendar date (YYYY-MM-DD) in the ISP's time zone after which the key stops working; empty for none. */
  expiresOn: z.union([z.literal(""), z.iso.date("Enter a date.")]).default(""),
  allowedIps: z
    .string()
    .max(2000)
    .default("")
    .superRefine((value, issue) => {
      const { problem } = parseAllowedIps(value);
      if (problem) issue.addIssue({ code: "custom", message: problem });
    }),
  rateLimitPerMinute: z.coerce
    .number({ message: "Enter a number." })
    .int("Enter a whole number.")
    .min(1, "At least 1 request a minute.")
    .max(6000, "At most 6,000 requests a minute."),
});
export type ApiKeyForm = z.input<typeof apiKeyFormSchema>;
export type ApiKeyInput = z.output<typeof apiKeyFormSchema>;

/** A write scope includes reading the same area. */
export function scopeAllows(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes(needed)) return true;
  const [area, access] = needed.split(":");
  return access === "read" && scopes.includes(`${area}:write`);
}
