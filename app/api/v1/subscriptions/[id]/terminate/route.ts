import { apiHandler } from "@/lib/api/endpoint";
import { terminateSubscriptionEndpoint } from "@/lib/api/resources/subscriptions";

export const POST = apiHandler(terminateSubscriptionEndpoint);
