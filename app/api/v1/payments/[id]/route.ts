import { apiHandler } from "@/lib/api/endpoint";
import { getPaymentEndpoint } from "@/lib/api/resources/payments";

export const GET = apiHandler(getPaymentEndpoint);
