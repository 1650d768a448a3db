/*
 * Picks the wire for a router: the binary API (default; TLS with `tls: true`) or REST (`transport: "rest"`,
 * RouterOS 7.1+ over HTTPS on `restPort`). Both answer to RouterOsApi, so callers and menu helpers
 * don't care which one they hold.
 */
import type { RouterOsApi } from "./api";
import { RouterOsClient, type RouterOsClientOptions } from "./client";
import { RouterOsRestClient } from "./rest";

export function createRouterOsApi(options: RouterOsClientOptions): RouterOsApi {
  return options.transport === "rest" ? new RouterOsRestClient(options) : new RouterOsClient(options);
}
