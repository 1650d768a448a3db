import { apiHandler } from "@/lib/api/endpoint";
import { replyToTicketEndpoint } from "@/lib/api/resources/tickets";

export const POST = apiHandler(replyToTicketEndpoint);
