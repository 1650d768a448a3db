import { apiHandler } from "@/lib/api/endpoint";
import { changeSubscriptionPlanEndpoint } from "@/lib/api/resources/subscriptions";

export const POST = apiHandler(changeSubscriptionPlanEndpoint);
