/*
 * Tickets for the demo ISP: today's field jobs for the demo technician (on subscribers whose sessions are
 * live on the simulated routers), a queue for support, and three months of resolved tickets so the SLA
 * report has history (some met, some breached). The history is written without messaging anyone: customers are
 * not told today about tickets resolved months ago.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { tenants } from "@/lib/tenants/schema";
import { addDays, todayIn } from "@/lib/core/calendar";
import { addTicketMessage, changeTicketStatus, createTicket, type TicketAuthor } from "./service";
import type { TicketCategory, TicketPriority } from "./schema";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

const HOUR = 3_600_000;

type Job = { subject: string; description: string; category: TicketCategory; priority: TicketPriority; day: number | null; toTechnician: boolean };

const openJobs: Job[] = [
  {
    subject: "No internet since this morning",
    description: "Red LOS light on the modem since 6 AM. Customer works from home.",
    category: "no_internet",
    priority: "high",
    day: 0,
    toTechnician: true,
  },
  {
    subject: "Slow speed in the evening",
    description: "Speed drops below 5 Mbps after 7 PM.",
    category: "slow",
    priority: "normal",
    day: 0,
    toTechnician: true,
  },
  {
    subject: "New installation",
    // A location pasted from a chat, as customers send them: one long unbroken line the phone page must wrap.
    description:
      "Fiber 50 installation; bring a 100 m drop cable. Pin sent on Messenger: https://maps.example.ph/place/Sabang+Lipa+Batangas/@13.9561234,121.1584567,19z/data=!4m6!3m5!1s0x33bd0b1c2a9f0e7b:0x5e1f2d3c4b5a6978",
    category: "installation",
    priority: "normal",
    day: 0,
    toTechnician: true,
  },
  {
    subject: "Relocation to the new house",
    description: "Moving to Purok 4 next week.",
    category: "relocation",
    priority: "low",
    day: 2,
    toTechnician: true,
  },
  {
    subject: "Question about the November invoice",
    description: "Asks why there is a late fee.",
    category: "billing",
    priority: "normal",
    day: null,
    toTechnician: false,
  },
  {
    subject: "Wi-Fi password change",
    description: "Wants help changing the Wi-Fi name and password.",
    category: "other",
    priority: "low",
    day: null,
    toTechnician: false,
  },
];

export async function seedDemoTickets(db: Db, { tenantId }: { tenantId: string }) {
  const [tenant] = await db.select({ timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, tenantId));
  const staff = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.role, ["support", "technician"])));
  const support = staff.find((u) => u.role === "support");
  const technician = staff.find((u) => u.role === "technician");
  if (!support || !technician) return;
  const subscribers = await db
    .select({ customerId: customers.id, subscriptionId: subscriptions.id })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.status, "active"), eq(servicePlans.type, "pppoe")))
    .orderBy(asc(customers.accountNumber))
    .limit(40);
  const author: TicketAuthor = { kind: "staff", tenantId, userId: support.id, userName: support.name };
  const actor = { tenantId, userId: support.id, userName: support.name };
  const today = todayIn(tenant.timezone);
  const now = clock.ms();

  for (const [index, job] of openJobs.entries()) {
    const subscriber = subscribers[index];
    if (!subscriber) break;
    await createTicket(
      db,
      author,
      {
        customerId: subscriber.customerId,
        subscriptionId: subscriber.subscriptionId,
        subject: job.subject,
        description: job.description,
        category: job.category,
        priority: job.priority,
        source: "phone",
        assigneeId: job.toTechnician ? technician.id : null,
        scheduledFor: job.day === null ? null : addDays(today, job.day),
      },
      { now: new Date(now - (index + 1) * HOUR) },
    );
  }

  // History for the SLA report: resolved over the last three months, one in three late.
  const categories: TicketCategory[] = ["no_internet", "slow", "billing", "other"];
  const priorities: TicketPriority[] = ["urgent", "high", "normal", "low"];
  for (let i = 0; i < 24; i += 1) {
    const subscriber = subscribers[openJobs.length + (i % (subscribers.length - openJobs.length || 1))];
    if (!subscriber) break;
    const openedAt = new Date(now - (90 - i * 3.5) * 24 * HOUR);
    const late = i % 3 === 2;
    const ticket = await createTicket(
      db,
      author,
      {
        customerId: subscriber.customerId,
        subject: ["Intermittent connection", "Slow browsing", "Payment not reflected", "Change of plan request"][i % 4],
        description: "Handled by the demo support team.",
        category: categories[i % 4],
        priority: priorities[i % 4],
        source: "phone",
        assigneeId: i % 2 ? technician.id : support.id,
      },
      { now: openedAt, notify: false },
    );
    await addTicketMessage(
      db,
      author,
      { ticketId: ticket.id, body: "Thanks for reporting this; we are on it.", kind: "reply" },
      {
        now: new Date(+openedAt + (late ? 30 : 0.5) * HOUR),
        notify: false,
      },
    );
    await changeTicketStatus(
      db,
      actor,
      { ticketId: ticket.id, status: "resolved", note: "Fixed and confirmed with the customer." },
      {
        now: new Date(+openedAt + (late ? 100 : 3) * HOUR),
        notify: false,
      },
    );
  }
}
