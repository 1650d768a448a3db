/** Runs once when the server starts: the peer-address stamp, then migrations (and the demo on an empty embedded database). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so no request is handled before its real address is written down (lib/core/client-ip.ts).
  const { installPeerStamp } = await import("@/lib/core/peer-stamp");
  installPeerStamp();
  const { startDatabase } = await import("@/lib/db/startup");
  await startDatabase();
}
