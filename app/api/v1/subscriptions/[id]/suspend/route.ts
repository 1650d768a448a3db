import { apiHandler } from "@/lib/api/endpoint";
import { suspendSubscriptionEndpoint } from "@/lib/api/resources/subscriptions";

export const POST = apiHandler(suspendSubscriptionEndpoint);
