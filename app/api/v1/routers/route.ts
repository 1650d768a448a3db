import { apiHandler } from "@/lib/api/endpoint";
import { listRoutersEndpoint } from "@/lib/api/resources/routers";

export const GET = apiHandler(listRoutersEndpoint);
