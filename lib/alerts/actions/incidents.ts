"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { acknowledgeIncident, assignIncident, commentOnIncident, resolveIncident, sendOutageMessage } from "@/lib/alerts/incidents";
import {
  allClearSchema,
  assignIncidentSchema,
  incidentCommentSchema,
  incidentRefSchema,
  outageNoticeSchema,
  resolveIncidentSchema,
} from "@/lib/alerts/forms";

const incidentPaths = ["/network", "/dashboard"];

export const acknowledgeIncidentAction = defineStaffAction({
  name: "acknowledgeIncident",
  permission: "incidents:manage",
  input: incidentRefSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => {
    await acknowledgeIncident(ctx.db, actorOf(ctx), input);
    return { id: input.incidentId };
  },
});

export const assignIncidentAction = defineStaffAction({
  name: "assignIncident",
  permission: "incidents:manage",
  input: assignIncidentSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => {
    // The engine checks that a named member is an active one of this ISP.
    await assignIncident(ctx.db, actorOf(ctx), { incidentId: input.incidentId, userId: input.userId || null });
    return { id: input.incidentId, userId: input.userId || null };
  },
});

export const commentOnIncidentAction = defineStaffAction({
  name: "commentOnIncident",
  permission: "incidents:manage",
  input: incidentCommentSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => {
    await commentOnIncident(ctx.db, actorOf(ctx), input);
    return { id: input.incidentId };
  },
});

export const resolveIncidentAction = defineStaffAction({
  name: "resolveIncident",
  permission: "incidents:manage",
  input: resolveIncidentSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => {
    await resolveIncident(ctx.db, actorOf(ctx), input);
    return { id: input.incidentId };
  },
});

export const sendOutageNoticeAction = defineStaffAction({
  name: "sendOutageNotice",
  permission: "incidents:manage",
  input: outageNoticeSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => sendOutageMessage(ctx.db, actorOf(ctx), { ...input, allClear: false }),
});

export const sendAllClearAction = defineStaffAction({
  name: "sendAllClear",
  permission: "incidents:manage",
  input: allClearSchema,
  revalidate: incidentPaths,
  run: async (ctx, input) => sendOutageMessage(ctx.db, actorOf(ctx), { ...input, allClear: true }),
});
