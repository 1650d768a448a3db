import { apiHandler } from "@/lib/api/endpoint";
import { getSubscriptionUsage } from "@/lib/api/resources/usage";

export const GET = apiHandler(getSubscriptionUsage);
