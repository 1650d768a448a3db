/*
 * The provisioning forms' schemas: isolation settings, shared by the settings page (browser) and its action
 * (server), and the reason asked when suspending or reactivating. No database here; forms load it on demand.
 */
import { z } from "zod";

const routerName = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, `${what}: 1–64 letters, digits, dot, dash or underscore`);

const rate = /^\d+(\.\d+)?[kMG]?$/;

/** How suspension shows on the router (ROUTEROS.md §5.2): the isolation profile, the address list, or both. */
export const isolationSettingsSchema = z.object({
  isolationMode: z.enum(["profile", "address_list", "both"], "Choose how suspension works"),
  isolationProfile: routerName("Profile name"),
  isolationAddressList: routerName("Address list"),
  isolationRateLimit: z
    .string()
    .trim()
    .refine((v) => {
      const [up, down, extra] = v.split("/");
      return extra === undefined && rate.test(up) && (down === undefined || rate.test(down));
    }, "Write upload/download as RouterOS does, e.g. 256k/256k or 1M/1M"),
});
export type IsolationSettings = z.infer<typeof isolationSettingsSchema>;

/** The suspend and reactivate dialogs: the reason recorded with each change (the action checks it the same way). */
export const suspensionReasonSchema = z.object({
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(300, "Keep the reason under 300 characters"),
});
