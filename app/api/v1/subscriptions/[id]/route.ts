import { apiHandler } from "@/lib/api/endpoint";
import { getSubscriptionEndpoint } from "@/lib/api/resources/subscriptions";

export const GET = apiHandler(getSubscriptionEndpoint);
