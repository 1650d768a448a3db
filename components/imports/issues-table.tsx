"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { PreviewIssue } from "@/lib/imports/fields";

const PAGE = 50;

/** Every problem by line (line 1 is the header), 50 per page. */
export function IssuesTable({ issues, columnOf }: { issues: PreviewIssue[]; columnOf: (field?: string) => string }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(issues.length / PAGE));
  const shown = issues.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <div className="flex flex-col gap-2">
      <div className="relative overflow-x-auto rounded-md border" tabIndex={0} role="region" aria-label="Problems, by line">
        <table className="w-full text-sm">
          <caption className="sr-only">Problems found, by line of the file</caption>
          <thead className="bg-muted text-left">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Line
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {shown.map((issue, i) => (
              <tr key={`${issue.line}-${issue.field}-${i}`}>
                <td className="px-3 py-2 tabular-nums">{issue.line}</td>
                <td className="px-3 py-2">{columnOf(issue.field)}</td>
                <td className="px-3 py-2">
                  {issue.kind === "duplicate" ? (
                    <Badge tone="warning" className="mr-2">
                      Duplicate
                    </Badge>
                  ) : null}
                  <span className="break-words">{issue.message}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Problem pages" className="flex items-center justify-between gap-2 text-sm">
          <Button variant="outline" size="sm" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <span aria-live="polite">
            Page {page + 1} of {pages}
          </span>
          <Button variant="outline" size="sm" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
