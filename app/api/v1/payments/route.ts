import { apiHandler } from "@/lib/api/endpoint";
import { listPayments, recordPaymentEndpoint } from "@/lib/api/resources/payments";

export const GET = apiHandler(listPayments);
export const POST = apiHandler(recordPaymentEndpoint);
