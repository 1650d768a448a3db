import { apiHandler } from "@/lib/api/endpoint";
import { getPlanEndpoint } from "@/lib/api/resources/plans";

export const GET = apiHandler(getPlanEndpoint);
