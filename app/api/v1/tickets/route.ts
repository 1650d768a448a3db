import { apiHandler } from "@/lib/api/endpoint";
import { createTicketEndpoint, listTickets } from "@/lib/api/resources/tickets";

export const GET = apiHandler(listTickets);
export const POST = apiHandler(createTicketEndpoint);
