/** What a REST gateway's failure means to staff and customers; the details (never a key) go to the log. */
import "server-only";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { providerLabels, type Provider } from "@/lib/payments/rules";

/** A gateway error as our clients raise it: the HTTP status, the gateway's error code (or ours for no answer), its detail. */
export type GatewayError = { status: number; code: string | null; detail: string | null };

export function gatewayFailure(provider: Provider, error: GatewayError): AppError {
  const label = providerLabels[provider];
  logger.warn({ provider, status: error.status, code: error.code }, "gateway request failed");
  if (error.status === 401 || error.code === "INVALID_API_KEY") {
    return new AppError("payment_failed", `${label} refused the saved secret key. An admin can fix it under Billing → Payment gateways.`);
  }
  if (error.code === "REFUSED_HOST") {
    return new AppError(
      "payment_failed",
      `The ${label} API address saved for this ISP is not ${label}'s, so NetSphere did not call it. An admin can clear it under Billing → Payment gateways.`,
    );
  }
  if (error.code === "UNREACHABLE" || error.code === "TIMEOUT" || error.status >= 500) {
    return new AppError("payment_failed", `${label} could not be reached just now. Nothing was charged; try again in a minute.`);
  }
  return new AppError("payment_failed", `${label} refused the request: ${error.detail ?? error.code ?? "no reason given"}.`);
}
