import { apiHandler } from "@/lib/api/endpoint";
import { getInvoiceEndpoint } from "@/lib/api/resources/invoices";

export const GET = apiHandler(getInvoiceEndpoint);
