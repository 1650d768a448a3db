/*
 * Stamps every request the Node server receives with its TCP peer address (`x-netsphere-peer`, see client-ip.ts).
 * Route handlers and Server Actions never see the socket, and Next keeps a client's `X-Forwarded-For` as it came,
 * so this is the one place the real peer can be written down. Installed once from instrumentation.ts, before the
 * server handles its first request; a client's own `x-netsphere-peer` is overwritten.
 */
import http from "node:http";
import https from "node:https";
import { PEER_HEADER, peerStamp } from "@/lib/core/client-ip";

const INSTALLED = Symbol.for("netsphere.peer-stamp-installed");

export function installPeerStamp(): void {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as { emit: (event: string | symbol, ...args: unknown[]) => boolean; [INSTALLED]?: boolean };
    if (proto[INSTALLED]) continue;
    const emit = proto.emit;
    proto.emit = function stampPeer(this: unknown, event, ...args) {
      if (event === "request") stamp(args[0] as http.IncomingMessage);
      return emit.call(this, event, ...args);
    };
    proto[INSTALLED] = true;
  }
}

function stamp(request: http.IncomingMessage) {
  const address = request.socket?.remoteAddress;
  if (address) request.headers[PEER_HEADER] = peerStamp(address);
  else delete request.headers[PEER_HEADER];
}
