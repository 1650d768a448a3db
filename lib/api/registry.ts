/* Every endpoint of /api/v1, in the order the reference shows them. A route file serves each (registry.test.ts). */
import type { AnyEndpoint } from "@/lib/api/endpoint";
import { createCustomerEndpoint, getCustomerEndpoint, listCustomers, updateCustomerEndpoint } from "@/lib/api/resources/customers";
import {
  changeSubscriptionPlanEndpoint,
  createSubscriptionEndpoint,
  activateSubscriptionEndpoint,
  getSubscriptionEndpoint,
  listSubscriptions,
  reactivateSubscriptionEndpoint,
  suspendSubscriptionEndpoint,
  terminateSubscriptionEndpoint,
} from "@/lib/api/resources/subscriptions";
import { getSubscriptionUsage } from "@/lib/api/resources/usage";
import { getPlanEndpoint, listPlansEndpoint } from "@/lib/api/resources/plans";
import { getInvoiceEndpoint, getInvoicePdfEndpoint, listInvoices } from "@/lib/api/resources/invoices";
import { getPaymentEndpoint, listPayments, recordPaymentEndpoint } from "@/lib/api/resources/payments";
import { createTicketEndpoint, getTicketEndpoint, listTickets, replyToTicketEndpoint } from "@/lib/api/resources/tickets";
import { getRouterEndpoint, listRoutersEndpoint } from "@/lib/api/resources/routers";
import { getNetworkStatus } from "@/lib/api/resources/network";

export const apiEndpoints: AnyEndpoint[] = [
  listCustomers,
  createCustomerEndpoint,
  getCustomerEndpoint,
  updateCustomerEndpoint,
  listSubscriptions,
  createSubscriptionEndpoint,
  getSubscriptionEndpoint,
  activateSubscriptionEndpoint,
  suspendSubscriptionEndpoint,
  reactivateSubscriptionEndpoint,
  changeSubscriptionPlanEndpoint,
  terminateSubscriptionEndpoint,
  getSubscriptionUsage,
  listPlansEndpoint,
  getPlanEndpoint,
  listInvoices,
  getInvoiceEndpoint,
  getInvoicePdfEndpoint,
  listPayments,
  recordPaymentEndpoint,
  getPaymentEndpoint,
  listTickets,
  createTicketEndpoint,
  getTicketEndpoint,
  replyToTicketEndpoint,
  listRoutersEndpoint,
  getRouterEndpoint,
  getNetworkStatus,
];
