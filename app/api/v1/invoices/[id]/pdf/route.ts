import { apiHandler } from "@/lib/api/endpoint";
import { getInvoicePdfEndpoint } from "@/lib/api/resources/invoices";

export const GET = apiHandler(getInvoicePdfEndpoint);
