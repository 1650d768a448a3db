import { apiHandler } from "@/lib/api/endpoint";
import { createCustomerEndpoint, listCustomers } from "@/lib/api/resources/customers";

export const GET = apiHandler(listCustomers);
export const POST = apiHandler(createCustomerEndpoint);
