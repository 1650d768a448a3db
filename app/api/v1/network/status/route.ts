import { apiHandler } from "@/lib/api/endpoint";
import { getNetworkStatus } from "@/lib/api/resources/network";

export const GET = apiHandler(getNetworkStatus);
