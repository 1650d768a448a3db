/*
 * Vercel Cron's entry to the jobs (vercel.json): GET /api/cron/<job name>. No staff session here; the
 * caller proves itself with `Authorization: Bearer <CRON_SECRET>`. A run still going in this process
 * (in-process timers or an earlier cron call) is not started twice.
 */
import { getConnection } from "@/lib/db";
import { logger } from "@/lib/core/logger";
import { cronSecret, isAuthorizedCronRequest } from "@/lib/jobs/cron";
import { runJob } from "@/lib/jobs/define";
import { runExclusive } from "@/lib/jobs/exclusive";
import { findJob } from "@/lib/jobs/registry";
import { jobsConfig } from "@/lib/jobs/config";
import { clock } from "@/lib/core/clock";
import { deadlineSignal } from "@/lib/core/deadline";

export const dynamic = "force-dynamic";
// Vercel stops the function after this. A run takes no new router after CRON_DEADLINE_SECONDS (45 s by
// default), finishes the ones in hand (each bounded by the router timeout) and leaves the rest to the next call.
export const maxDuration = 60;

const noStore = { "cache-control": "no-store" };
const failure = (status: number, code: string, message: string) => Response.json({ ok: false, code, message }, { status, headers: noStore });

export async function GET(request: Request, context: { params: Promise<{ job: string }> }): Promise<Response> {
  if (!isAuthorizedCronRequest(request, cronSecret())) {
    return failure(401, "unauthenticated", "This endpoint is for the scheduler: send Authorization: Bearer <CRON_SECRET>.");
  }
  const { job: name } = await context.params;
  const job = findJob(name);
  if (!job) return failure(404, "not_found", `There is no job called "${name}".`);
  try {
    const { db } = await getConnection();
    const started = performance.now();
    const deadline = deadlineSignal(jobsConfig().CRON_DEADLINE_SECONDS * 1000, request.signal);
    const signal = deadline.signal;
    // The guard's lease is the function's time limit: a call the platform cut off never blocks the next one.
    const result = await runExclusive(job.name, () => runJob(job, { db, now: () => clock.now(), signal, runner: "cron" }, {}), {
      leaseMs: maxDuration * 1000,
    }).finally(deadline.clear);
    const ms = Math.round(performance.now() - started);
    if (!result.ran) return Response.json({ ok: true, job: job.name, ran: false, reason: "a run is still in progress" }, { headers: noStore });
    const left = typeof result.value.left === "number" ? result.value.left : 0;
    logger.info({ job: job.name, ms, ...result.value }, left > 0 ? "cron job ran out of time; the next call takes the rest" : "cron job ran");
    return Response.json({ ok: true, job: job.name, ran: true, ms, left, summary: result.value }, { headers: noStore });
  } catch (error) {
    logger.error({ err: error, job: job.name }, "cron job failed");
    return failure(500, "internal", `The job ${job.name} failed; the details are in the server log.`);
  }
}
