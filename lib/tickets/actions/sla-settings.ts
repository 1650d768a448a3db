"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { businessHoursSchema, holidaySchema, slaPoliciesSchema } from "@/lib/tickets/sla-rules";
import { addHoliday, addNationalHolidays, removeHoliday, saveBusinessHours, saveSlaPolicies } from "@/lib/tickets/sla-settings";

const paths = ["/settings/sla", "/tickets"];

export const saveSlaPoliciesAction = defineStaffAction({
  name: "saveSlaPolicies",
  permission: "sla:settings",
  input: slaPoliciesSchema,
  revalidate: paths,
  run: async (ctx, input) => saveSlaPolicies(ctx.db, actorOf(ctx), input),
});

export const saveBusinessHoursAction = defineStaffAction({
  name: "saveBusinessHours",
  permission: "sla:settings",
  input: businessHoursSchema,
  revalidate: paths,
  run: async (ctx, input) => saveBusinessHours(ctx.db, actorOf(ctx), input),
});

export const addHolidayAction = defineStaffAction({
  name: "addHoliday",
  permission: "sla:settings",
  input: holidaySchema,
  revalidate: paths,
  run: async (ctx, input) => {
    const row = await addHoliday(ctx.db, actorOf(ctx), input);
    return { id: row.id };
  },
});

export const removeHolidayAction = defineStaffAction({
  name: "removeHoliday",
  permission: "sla:settings",
  input: z.object({ holidayId: z.uuid() }),
  revalidate: paths,
  run: async (ctx, input) => removeHoliday(ctx.db, actorOf(ctx), input),
});

export const addNationalHolidaysAction = defineStaffAction({
  name: "addNationalHolidays",
  permission: "sla:settings",
  input: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
  revalidate: paths,
  run: async (ctx, input) => addNationalHolidays(ctx.db, actorOf(ctx), input),
});
