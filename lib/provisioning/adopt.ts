/*
 * Adopt from router: ISPs start with accounts already on their routers. We read the PPP secrets and
 * hotspot users NetSphere doesn't manage, propose a customer + subscription for each (plan matched by
 * the profile's name or rate-limit), and on confirmation create them and put our marker on the router
 * entry — the entry itself (password, profile) is left as it is until the next reconcile aligns it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { AppError } from "@/lib/core/errors";
import { usernameSchema } from "@/lib/subscriptions/rules";
import { createCustomer } from "@/lib/customers/service";
import { assertWithinPlan } from "@/lib/tenants/limits";
import { withRouter } from "@/lib/routers/access";
import { isManaged, marker, markerOwner, profileNames } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { sameValue } from "@/lib/provisioning/diff";
import { printSized } from "@/lib/provisioning/router-io";
import { rateLimitOf } from "@/lib/plans/rules";
import type { TenantActor } from "@/lib/audit/record";
import type { Db } from "@/lib/db/types";
import { todayIn } from "@/lib/core/calendar";
import { tenantLocale } from "@/lib/tenants/queries";

export type AdoptionCandidate = {
  kind: "pppoe" | "hotspot";
  name: string;
  profile: string;
  comment: string;
  disabled: boolean;
  remoteAddress: string;
  /** The plan we propose, or null when no plan matches the profile. */
  suggestedPlanId: string | null;
  /** Why it can't be adopted as is (e.g. the username is taken by another subscription). */
  problem: string | null;
};

const menuOf = { pppoe: "/ppp/secret", hotspot: "/ip/hotspot/user" } as const;

/** Unmanaged PPP secrets and hotspot users of the router, each with a suggested plan. */
export async function previewAdoption(db: Db, ids: { tenantId: string; routerId: string }): Promise<AdoptionCandidate[]> {
  const plans = await db.select().from(servicePlans).where(eq(servicePlans.tenantId, ids.tenantId));
  const names = profileNames(plans);
  return withRouter(db, ids, async (client) => {
    // Bulk prints under a deadline sized by each table, as the reconciler reads: an ISP's router holds thousands.
    const [secrets, users, profiles, hotspotProfiles] = await Promise.all([
      printSized(client, "ppp/secret", ["name", "profile", "comment", "disabled", "remote-address"]),
      printSized(client, "ip/hotspot/user", ["name", "profile", "comment", "disabled"]),
      printSized(client, "ppp/profile", ["name", "rate-limit"]),
      printSized(client, "ip/hotspot/user/profile", ["name", "rate-limit"]),
    ]);
    const rateOf = new Map([...profiles, ...hotspotProfiles].map((p) => [p.name, p["rate-limit"] ?? ""]));
    const suggest = (kind: "pppoe" | "hotspot", profile: string) => {
      const candidates = plans.filter((p) => p.type === kind && p.active);
      const byName = candidates.find((p) => names.get(p.id) === profile || p.name.toLowerCase() === profile.toLowerCase());
      if (byName) return byName.id;
      const rate = rateOf.get(profile);
      return (rate && candidates.find((p) => sameValue("rate-limit", rate, rateLimitOf(p)))?.id) || null;
    };
    const rows = [
      ...secrets.map((r) => ({ kind: "pppoe" as const, r })),
      ...users.filter((r) => r.name !== "default-trial").map((r) => ({ kind: "hotspot" as const, r })),
    ].filter(({ r }) => !isManaged(r.comment));
    const taken = new Set(
      rows.length === 0
        ? []
        : (
            await db
              .select({ u: subscriptions.username })
              .from(subscriptions)
              .where(
                and(
                  eq(subscriptions.tenantId, ids.tenantId),
                  inArray(
                    subscriptions.username,
                    rows.map(({ r }) => r.name.toLowerCase()),
                  ),
                ),
              )
          ).map((s) => s.u),
    );
    return rows.map(({ kind, r }) => ({
      kind,
      name: r.name,
      profile: r.profile ?? "default",
      comment: r.comment ?? "",
      disabled: r.disabled === "true" || r.disabled === "yes",
      remoteAddress: r["remote-address"] ?? "",
      suggestedPlanId: suggest(kind, r.profile ?? "default"),
      problem:
        !usernameSchema.safeParse(r.name).success || r.name !== r.name.toLowerCase()
          ? "The name can't be a NetSphere username (3–64 lower-case letters, digits, . _ @ -); rename it on the router first."
          : taken.has(r.name.toLowerCase())
            ? "Another subscription already uses this username."
            : null,
    }));
  });
}

export const adoptionSchema = z.object({
  routerId: z.uuid(),
  items: z
    .array(
      z.object({
        name: z.string().min(1).max(64),
        kind: z.enum(["pppoe", "hotspot"]),
        planId: z.uuid("Choose a plan"),
        customerName: z.string().trim().min(1, "Name is required").max(160),
      }),
    )
    .min(1, "Choose at least one account")
    .max(2000, "Adopt at most 2,000 accounts at a time"),
});

/**
 * Creates a customer and subscription per chosen entry (the router's password is kept when the router
 * shows it), then marks each entry as ours. Refused as a whole if any entry changed or vanished since the
 * preview, or the NetSphere plan's customer cap would be passed.
 */
export async function adoptFromRouter(db: Db, actor: TenantActor, input: z.output<typeof adoptionSchema>) {
  const ids = { tenantId: actor.tenantId, routerId: input.routerId };
  const plans = new Map((await db.select().from(servicePlans).where(eq(servicePlans.tenantId, actor.tenantId))).map((p) => [p.id, p]));
  for (const item of input.items) {
    const plan = plans.get(item.planId);
    if (!plan || plan.type !== item.kind)
      throw new AppError("validation", `Choose a ${item.kind === "pppoe" ? "PPPoE" : "hotspot"} plan for ${item.name}.`);
  }
  await assertWithinPlan(db, { tenantId: actor.tenantId, addCustomers: input.items.length });
  const owner = markerOwner(await installationId(db), input.routerId);
  return withRouter(db, ids, async (client) => {
    const found = new Map<string, Record<string, string>>();
    for (const kind of ["pppoe", "hotspot"] as const) {
      const rows = await printSized(client, menuOf[kind].slice(1), [
        ".id",
        "name",
        "password",
        "comment",
        "remote-address",
        "caller-id",
        "mac-address",
      ]);
      for (const row of rows) found.set(`${kind}:${row.name}`, row);
    }
    const invalid = input.items.filter((i) => !usernameSchema.safeParse(i.name).success || i.name !== i.name.toLowerCase());
    if (invalid.length > 0) throw new AppError("validation", `These names can't be NetSphere usernames: ${invalid.map((i) => i.name).join(", ")}.`);
    const missing = input.items.filter((i) => !found.has(`${i.kind}:${i.name}`) || isManaged(found.get(`${i.kind}:${i.name}`)!.comment));
    if (missing.length > 0)
      throw new AppError(
        "conflict",
        `These accounts changed on the router since the preview: ${missing.map((m) => m.name).join(", ")}. Preview again.`,
      );
    // The ISP's calendar day: between 00:00 and 08:00 in Manila, UTC's date is still yesterday.
    const today = todayIn((await tenantLocale(db, { tenantId: actor.tenantId })).timeZone);
    const created: { name: string; customerId: string; subscriptionId: string }[] = [];
    for (const item of input.items) {
      try {
        await adoptOne(item);
      } catch (error) {
        const done = created.length ? `Adopted ${created.map((c) => c.name).join(", ")}; ` : "";
        throw new AppError("conflict", `${done}stopped at ${item.name}: ${error instanceof Error ? error.message : String(error)}`, {
          details: { created },
        });
      }
    }
    return created;

    async function adoptOne(item: z.output<typeof adoptionSchema>["items"][number]) {
      const row = found.get(`${item.kind}:${item.name}`)!;
      const customer = await createCustomer(db, actor, {
        fields: {
          name: item.customerName,
          phone: "",
          altPhone: "",
          email: "",
          tin: "",
          serviceAddress: "",
          barangay: "",
          city: "",
          latitude: null,
          longitude: null,
          tags: ["adopted"],
          notes: row.comment ? `Router comment: ${row.comment}` : "",
          status: "active",
        },
        subscription: {
          planId: item.planId,
          routerId: input.routerId,
          username: item.name.toLowerCase(),
          password: row.password && row.password.length >= 6 ? row.password : undefined,
          staticIp: /^\d+\.\d+\.\d+\.\d+$/.test(row["remote-address"] ?? "") ? row["remote-address"] : null,
          startDate: today,
          status: "active",
        },
      });
      const [sub] = await db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.customerId, customer.id)));
      await client.write(`${menuOf[item.kind]}/set`, { ".id": row[".id"], comment: marker(owner, "sub", sub.id) });
      created.push({ name: item.name, customerId: customer.id, subscriptionId: sub.id });
    }
  });
}
