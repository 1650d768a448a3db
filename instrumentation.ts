/** Runs once when the server starts: migrations (and the demo on an empty embedded database). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startDatabase } = await import("@/lib/db/startup");
  await startDatabase();
}
