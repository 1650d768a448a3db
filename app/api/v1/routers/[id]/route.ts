import { apiHandler } from "@/lib/api/endpoint";
import { getRouterEndpoint } from "@/lib/api/resources/routers";

export const GET = apiHandler(getRouterEndpoint);
