"use server";
/* Settings → Portal and brand: the ISP's portal slug and its custom domains (owners and admins). */
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { portalDomainFormSchema, portalSlugFormSchema } from "@/lib/tenants/portal-rules";
import { changePortalSlug } from "@/lib/tenants/slugs";
import { addPortalDomain, removePortalDomain, verifyPortalDomain } from "@/lib/tenants/domains";

const revalidate = ["/settings/portal"];

export const savePortalSlugAction = defineStaffAction({
  name: "savePortalSlug",
  permission: "branding:settings",
  input: portalSlugFormSchema,
  revalidate,
  run: async (ctx, { slug }) => changePortalSlug(ctx.db, actorOf(ctx), { slug }),
});

export const addPortalDomainAction = defineStaffAction({
  name: "addPortalDomain",
  permission: "branding:settings",
  input: portalDomainFormSchema,
  revalidate,
  run: async (ctx, { hostname }) => {
    const domain = await addPortalDomain(ctx.db, actorOf(ctx), { hostname });
    return { id: domain.id, hostname: domain.hostname };
  },
});

export const verifyPortalDomainAction = defineStaffAction({
  name: "verifyPortalDomain",
  permission: "branding:settings",
  input: z.object({ domainId: z.string().uuid() }),
  revalidate,
  run: async (ctx, { domainId }) => verifyPortalDomain(ctx.db, actorOf(ctx), { domainId }),
});

export const removePortalDomainAction = defineStaffAction({
  name: "removePortalDomain",
  permission: "branding:settings",
  input: z.object({ domainId: z.string().uuid() }),
  revalidate,
  run: async (ctx, { domainId }) => removePortalDomain(ctx.db, actorOf(ctx), { domainId }),
});
