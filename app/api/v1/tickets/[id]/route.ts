import { apiHandler } from "@/lib/api/endpoint";
import { getTicketEndpoint } from "@/lib/api/resources/tickets";

export const GET = apiHandler(getTicketEndpoint);
