import { apiHandler } from "@/lib/api/endpoint";
import { listInvoices } from "@/lib/api/resources/invoices";

export const GET = apiHandler(listInvoices);
