import { apiHandler } from "@/lib/api/endpoint";
import { activateSubscriptionEndpoint } from "@/lib/api/resources/subscriptions";

export const POST = apiHandler(activateSubscriptionEndpoint);
