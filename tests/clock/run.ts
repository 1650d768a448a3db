/**
 * The moved-clock stage: runs the time-sensitive suites (billing, dunning, SLA, outbox, sessions, tokens, pay links,
 * reports; the list below) with the whole process's time moved by libfaketime (Debian's `faketime`), on the embedded database, whose
 * clock moves with the process. A test that builds its instants from the real calendar instead of the clock, or
 * code that reads the database's clock where it should read ours, fails here long before the calendar gets there.
 *
 *   npm run test:clock                      every instant below
 *   npm run test:clock -- "2031-07-15 10:00:00"   another instant (UTC)
 */
import { spawnSync } from "node:child_process";

/**
 * Far ahead on a leap day that is also a month end, late in the evening in Manila (Feb 29, 23:30: the ISP's day ends
 * before UTC's): every suite below. Then a month end that is also a year end (Dec 31, 16:00 in Manila) for the
 * suites where the year itself matters — invoice, receipt and credit-note numbers restart each year, and reports
 * group by year — so the stage's time goes where a second instant can still find something.
 */
const LEAP_DAY = "2032-02-29 15:30:00";
const YEAR_END = "2029-12-31 08:00:00";
const YEAR_SUITES = [
  "lib/billing/billing.db.test.ts",
  "lib/billing/dunning.db.test.ts",
  "lib/billing/credit-notes.db.test.ts",
  "lib/billing/documents/documents.db.test.ts",
  "lib/reports/finance.db.test.ts",
  "lib/tickets/report.db.test.ts",
];

/** The suites whose outcome depends on the date: billing and its documents' dates, dunning, payments and pay links,
 * the SLA clock, the outbox's retries, sessions, tokens, lockouts, and the finance reports' months. */
const SUITES = [
  "lib/billing/billing.db.test.ts",
  "lib/billing/dunning.db.test.ts",
  "lib/billing/plan-change.db.test.ts",
  "lib/billing/promos.db.test.ts",
  "lib/billing/credit-notes.db.test.ts",
  "lib/billing/static-ip-addon.db.test.ts",
  "lib/billing/demo.db.test.ts",
  "lib/billing/rules.test.ts",
  "lib/billing/pay-links.test.ts",
  "lib/billing/documents/documents.db.test.ts",
  "lib/payments/pay-page.db.test.ts",
  "lib/payments/stripe.db.test.ts",
  "lib/payments/paymongo-api.test.ts",
  "lib/tickets/sla.test.ts",
  "lib/tickets/sla-check.db.test.ts",
  "lib/tickets/service.db.test.ts",
  "lib/tickets/report.db.test.ts",
  "lib/notify/outbox.db.test.ts",
  "lib/notify/enqueue.db.test.ts",
  "lib/network/sessions.db.test.ts",
  "lib/portal/tokens.db.test.ts",
  "lib/portal/accounts.db.test.ts",
  "lib/auth/staff.db.test.ts",
  "lib/auth/password-reset.db.test.ts",
  "lib/reports/finance.db.test.ts",
  "lib/audit/queries.db.test.ts",
  "lib/quotas/quotas.db.test.ts",
  "lib/reports/builder/schedule-rules.test.ts",
  "lib/reports/builder/builder.db.test.ts",
  "lib/reports/builder/deliver.db.test.ts",
];

if (spawnSync("faketime", ["--version"], { stdio: "ignore" }).error) {
  console.error("The moved-clock stage needs Debian's faketime (apt-get install faketime); .ci/run installs it.");
  process.exit(1);
}

const runs: [string, string[]][] =
  process.argv.length > 2
    ? process.argv.slice(2).map((instant) => [instant, SUITES])
    : [
        [LEAP_DAY, SUITES],
        [YEAR_END, YEAR_SUITES],
      ];
let failed = 0;
for (const [instant, suites] of runs) {
  console.log(`\n— ${suites.length} time-sensitive suites with the clock at ${instant} UTC —`);
  const result = spawnSync("faketime", ["-f", `@${instant}`, "npx", "vitest", "run", "--reporter=dot", "--silent=passed-only", ...suites], {
    stdio: "inherit",
    env: {
      ...process.env,
      TZ: "UTC",
      // Timers and elapsed-time measurements keep real time; only the calendar moves.
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
      // The embedded database: its clock is the process's. (A server's clock cannot be moved from here.)
      TEST_DB_DRIVER: "pglite",
    },
  });
  if (result.status !== 0) failed += 1;
}
if (failed) {
  console.error(`\n${failed} of ${runs.length} moved clocks failed.`);
  process.exit(1);
}
