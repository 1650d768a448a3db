import { apiHandler } from "@/lib/api/endpoint";
import { createSubscriptionEndpoint, listSubscriptions } from "@/lib/api/resources/subscriptions";

export const GET = apiHandler(listSubscriptions);
export const POST = apiHandler(createSubscriptionEndpoint);
