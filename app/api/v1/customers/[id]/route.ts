import { apiHandler } from "@/lib/api/endpoint";
import { getCustomerEndpoint, updateCustomerEndpoint } from "@/lib/api/resources/customers";

export const GET = apiHandler(getCustomerEndpoint);
export const PATCH = apiHandler(updateCustomerEndpoint);
