/*
 * `npm run tunnels:config -- --out <dir>`: writes the WireGuard hub's wg-quick configuration, one file per ISP's hub
 * (`ns-<first 8 characters of the ISP's id>.conf`, a valid interface name), from the tunnel tables. The files hold the
 * hubs' private keys, so they are written readable by their owner only. Apply a change without dropping the other
 * routers' sessions with `wg syncconf <name> <(wg-quick strip <name>)`.
 *
 *   DATABASE_URL        the NetSphere database (as its owner: the hubs of every ISP are read)
 *   ENCRYPTION_SECRET   the app's secret (the private keys are stored encrypted with it)
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { connectPostgres } from "@/lib/db/connect";
import { decryptSecret } from "@/lib/core/crypto";
import { hubWireguardConfig } from "@/lib/tunnels/rules";
import { hubsWithPeers } from "@/lib/tunnels/service";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!values.out || !url || !process.env.ENCRYPTION_SECRET) {
  console.error("Usage: npm run tunnels:config -- --out <directory>, with DATABASE_URL and ENCRYPTION_SECRET set.");
  process.exit(1);
}
const out = path.resolve(values.out);
const connection = connectPostgres(url, 2);
try {
  const hubs = await hubsWithPeers(connection.db);
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  for (const { hub, peers } of hubs) {
    const target = path.join(out, `ns-${hub.tenantId.slice(0, 8)}.conf`);
    const text = hubWireguardConfig(
      { prefix: hub.prefix, endpointPort: hub.endpointPort, privateKey: decryptSecret(hub.privateKeyEncrypted) },
      peers.map((peer) => ({ routerName: peer.routerName, publicKey: peer.publicKey, address: peer.address, allowedIps: peer.allowedIps })),
    );
    fs.writeFileSync(target, `# NetSphere hub of ISP ${hub.tenantId}\n${text}`, { mode: 0o600 });
    fs.chmodSync(target, 0o600);
  }
  console.log(`Wrote ${hubs.length} hub configuration(s) to ${out}.`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await connection.close();
}
