import { z } from "zod";

/** A hostname or IPv4/IPv6 address; never a URL. */
const hostSchema = z
  .string()
  .trim()
  .min(1, "Host is required")
  .max(253)
  .regex(/^[a-zA-Z0-9.:-]+$/, "Enter a hostname or IP address");

export const routerFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  host: hostSchema,
  apiPort: z.coerce.number().int().min(1, "Port must be 1–65535").max(65535, "Port must be 1–65535"),
  useTls: z.boolean().default(false),
  username: z.string().trim().min(1, "Username is required").max(64),
  password: z.string().max(128),
  siteId: z.union([z.literal("").transform(() => null), z.null(), z.string().uuid()]).default(null),
});
export type RouterFields = z.infer<typeof routerFieldsSchema>;

export const siteFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  address: z.string().trim().max(300).default(""),
});
