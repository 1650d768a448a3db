import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { ImportJobSummary } from "@/lib/imports/queries";

const tone = { completed: "success", refused: "danger", failed: "danger", running: "info" } as const;

/** The latest imports of the ISP with their report. */
export function RecentImports({ jobs, timeZone }: { jobs: ImportJobSummary[]; timeZone: string }) {
  if (jobs.length === 0) return null;
  return (
    <Card className="mt-5">
      <CardHeader>
        <CardTitle>Recent imports</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="divide-y">
          {jobs.map((job) => (
            <li key={job.id} className="flex flex-col gap-1 py-3 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="truncate font-medium">{job.fileName}</span>
                  <Badge tone={tone[job.status]}>{job.status}</Badge>
                  {job.strict ? <Badge>strict</Badge> : null}
                </p>
                <p className="text-muted-foreground">
                  {job.createdAt.toLocaleString("en-PH", { dateStyle: "medium", timeStyle: "short", timeZone })} ·{" "}
                  {job.importedRows.toLocaleString("en-PH")} of {job.totalRows.toLocaleString("en-PH")} rows imported
                  {job.skippedRows ? `, ${job.skippedRows.toLocaleString("en-PH")} skipped` : ""}
                </p>
                {job.reason ? <p className="text-muted-foreground">{job.reason}</p> : null}
              </div>
              {job.status !== "running" ? (
                <a href={`/api/import/${job.id}/report`} download className="shrink-0 font-medium text-primary underline-offset-4 hover:underline">
                  Report (CSV)<span className="sr-only"> for {job.fileName}</span>
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
