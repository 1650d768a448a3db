import { apiHandler } from "@/lib/api/endpoint";
import { listPlansEndpoint } from "@/lib/api/resources/plans";

export const GET = apiHandler(listPlansEndpoint);
