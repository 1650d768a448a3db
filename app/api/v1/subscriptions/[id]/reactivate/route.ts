import { apiHandler } from "@/lib/api/endpoint";
import { reactivateSubscriptionEndpoint } from "@/lib/api/resources/subscriptions";

export const POST = apiHandler(reactivateSubscriptionEndpoint);
