/* /api/v1/customers: list, read, create, update — through the customers room's functions. */
import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { centavos, currencyCode, idParam, iso, isoTime, listQuery, pageSchema, patchOf } from "@/lib/api/resources/common";
import { sortParam } from "@/lib/core/cursor";
import { apiCustomerSorts, pageCustomersForApi, type Customer } from "@/lib/customers/api-reads";
import { customerFieldsSchema } from "@/lib/customers/rules";
import { createCustomer, getCustomer, updateCustomer } from "@/lib/customers/service";
import { customerStatuses } from "@/lib/customers/values";

export const customerSchema = z
  .object({
    id: z.uuid(),
    accountNumber: z.string(),
    name: z.string(),
    phone: z.string(),
    altPhone: z.string(),
    email: z.string(),
    tin: z.string().describe("BIR Taxpayer Identification Number, when given"),
    serviceAddress: z.string(),
    barangay: z.string(),
    city: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    status: z.enum(customerStatuses),
    taxExempt: z.boolean(),
    balanceCentavos: centavos.describe("What the customer owes now (negative: credit), in minor units"),
    currency: currencyCode,
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Customer" });
export type ApiCustomer = z.infer<typeof customerSchema>;

export function toApiCustomer(row: Customer, currency: string): ApiCustomer {
  return {
    id: row.id,
    accountNumber: row.accountNumber,
    name: row.name,
    phone: row.phone,
    altPhone: row.altPhone,
    email: row.email,
    tin: row.tin,
    serviceAddress: row.serviceAddress,
    barangay: row.barangay,
    city: row.city,
    latitude: row.latitude,
    longitude: row.longitude,
    tags: row.tags,
    notes: row.notes,
    status: row.status,
    taxExempt: row.taxExempt,
    balanceCentavos: row.balanceCentavos,
    currency,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

const customerInput = customerFieldsSchema.meta({ id: "CustomerInput" });

export const listCustomers = defineEndpoint({
  method: "GET",
  path: "/customers",
  operationId: "listCustomers",
  summary: "List customers",
  description: "Customers of your ISP, a page at a time. Filter by `status` or search `q` (name, account number, phone, email, address, username).",
  tag: "Customers",
  scope: "customers:read",
  query: listQuery.extend({
    status: z.enum(customerStatuses).optional(),
    q: z.string().trim().min(1).max(100).optional().describe("Search text"),
    sort: sortParam(apiCustomerSorts, "-createdAt"),
  }),
  response: pageSchema(customerSchema, "CustomerPage"),
  handle: async (ctx, { query }) => {
    const page = await pageCustomersForApi(ctx.db, { tenantId: ctx.tenantId, status: query.status, q: query.q, order: query.sort, cursor: query.cursor, limit: query.limit });
    return { data: page.data.map((row) => toApiCustomer(row, ctx.currency)), nextCursor: page.nextCursor };
  },
});

export const getCustomerEndpoint = defineEndpoint({
  method: "GET",
  path: "/customers/{id}",
  operationId: "getCustomer",
  summary: "Get a customer",
  tag: "Customers",
  scope: "customers:read",
  params: idParam,
  response: customerSchema,
  handle: async (ctx, { params }) => toApiCustomer(await getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: params.id }), ctx.currency),
});

export const createCustomerEndpoint = defineEndpoint({
  method: "POST",
  path: "/customers",
  operationId: "createCustomer",
  summary: "Create a customer",
  description: "Adds a customer with the next account number. Counts against your NetSphere plan's customer limit.",
  tag: "Customers",
  scope: "customers:write",
  body: customerInput,
  status: 201,
  response: customerSchema,
  handle: async (ctx, { body }) => toApiCustomer(await createCustomer(ctx.db, ctx.actor, { fields: body }), ctx.currency),
});

export const updateCustomerEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/customers/{id}",
  operationId: "updateCustomer",
  summary: "Update a customer",
  description: "Changes the fields sent; the others keep their values.",
  tag: "Customers",
  scope: "customers:write",
  params: idParam,
  body: patchOf(customerFieldsSchema).meta({ id: "CustomerPatch" }),
  response: customerSchema,
  handle: async (ctx, { params, body }) => {
    const before = await getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: params.id });
    const sent = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const merged = customerFieldsSchema.parse({ ...before, ...sent });
    await updateCustomer(ctx.db, ctx.actor, { customerId: params.id, fields: merged });
    return toApiCustomer(await getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: params.id }), ctx.currency);
  },
});
