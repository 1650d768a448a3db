"use client";
import { useState } from "react";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { DiagnosticResultTable } from "@/components/routers/diagnostic-result";
import type { DiagnosticResult } from "@/lib/network/diagnostics";
import { diagnosticCommandLabels, type DiagnosticCommandName } from "@/lib/network/values";
import type { FieldErrors } from "@/lib/core/errors";

type Failure = { command: DiagnosticCommandName; message: string; fieldErrors?: FieldErrors };
type DiagnosticRequest = { command: DiagnosticCommandName; args: Record<string, string> };

const formArgs = (form: HTMLFormElement) =>
  Object.fromEntries([...new FormData(form).entries()].map(([key, value]) => [key, String(value)])) as Record<string, string>;

/**
 * Allowlisted, read-only checks against the router through /api/routers/:id/diagnostics; errors show
 * RouterOS's own message. Only the commands the signed-in role may run are offered.
 */
export function DiagnosticsPanel({ routerId, allowed, canKick }: { routerId: string; allowed: DiagnosticCommandName[]; canKick: boolean }) {
  const [pending, setPending] = useState<DiagnosticCommandName | null>(null);
  const [result, setResult] = useState<DiagnosticResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [last, setLast] = useState<DiagnosticRequest | null>(null);
  const may = (command: DiagnosticCommandName) => allowed.includes(command);

  async function run(request: DiagnosticRequest) {
    setPending(request.command);
    setFailure(null);
    try {
      const response = await fetch(`/api/routers/${routerId}/diagnostics`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const body = (await response.json().catch(() => null)) as
        { ok: true; data: DiagnosticResult } | { ok: false; message: string; fieldErrors?: FieldErrors } | null;
      if (!body) throw new Error("The server did not answer. Try again.");
      if (!body.ok) {
        setFailure({ command: request.command, message: body.message, fieldErrors: body.fieldErrors });
        return;
      }
      setResult(body.data);
      setLast(request);
    } catch (error) {
      setFailure({ command: request.command, message: error instanceof Error ? error.message : "The request failed. Try again." });
    } finally {
      setPending(null);
    }
  }

  const submit = (command: DiagnosticCommandName) => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run({ command, args: formArgs(event.currentTarget) });
  };
  const fieldError = (command: DiagnosticCommandName, field: string) =>
    failure?.command === command ? failure.fieldErrors?.[field]?.[0] : undefined;
  const busy = pending !== null;

  return (
    <div className="flex flex-col gap-5">
      <div className="grid gap-4 lg:grid-cols-2">
        {may("ping") ? (
          <form
            method="post"
            onSubmit={submit("ping")}
            noValidate
            aria-label="Ping from the router"
            className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_6rem_auto] sm:items-end"
          >
            <Field label="Ping address" error={fieldError("ping", "address")}>
              <Input name="address" inputMode="decimal" placeholder="8.8.8.8" autoComplete="off" required />
            </Field>
            <Field label="Count" error={fieldError("ping", "count")}>
              <Input name="count" inputMode="numeric" defaultValue="4" />
            </Field>
            <Button type="submit" disabled={busy}>
              {pending === "ping" ? "Pinging…" : "Ping"}
            </Button>
          </form>
        ) : null}
        {may("active-sessions") ? (
          <form
            method="post"
            onSubmit={submit("active-sessions")}
            noValidate
            aria-label="Active sessions"
            className="grid gap-3 rounded-md border p-3 sm:grid-cols-[8rem_1fr_auto] sm:items-end"
          >
            <Field label="Service" error={fieldError("active-sessions", "service")}>
              <NativeSelect name="service" defaultValue="ppp">
                <option value="ppp">PPPoE</option>
                <option value="hotspot">Hotspot</option>
              </NativeSelect>
            </Field>
            <Field label="Search sessions" error={fieldError("active-sessions", "search")}>
              <Input name="search" type="search" placeholder="Account, IP or MAC" autoComplete="off" />
            </Field>
            <Button type="submit" disabled={busy}>
              {pending === "active-sessions" ? "Loading…" : "List sessions"}
            </Button>
          </form>
        ) : null}
        {may("monitor") ? (
          <form
            method="post"
            onSubmit={submit("monitor")}
            noValidate
            aria-label="Monitor traffic"
            className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_auto] sm:items-end"
          >
            <Field label="Interface to sample" error={fieldError("monitor", "interface")}>
              <Input name="interface" placeholder="ether1" autoComplete="off" required />
            </Field>
            <Button type="submit" disabled={busy}>
              {pending === "monitor" ? "Sampling…" : "Sample traffic"}
            </Button>
          </form>
        ) : null}
        <div className="flex flex-wrap items-end gap-2 rounded-md border p-3">
          {(["interfaces", "resource"] as const).filter(may).map((command) => (
            <Button key={command} variant="outline" disabled={busy} onClick={() => void run({ command, args: {} })}>
              {pending === command ? "Loading…" : diagnosticCommandLabels[command]}
            </Button>
          ))}
        </div>
      </div>

      <div className="flex flex-col gap-2">
        {failure ? (
          <p role="alert" className="rounded-md border border-danger/50 p-3 text-sm text-danger">
            {diagnosticCommandLabels[failure.command]}: {failure.message}
          </p>
        ) : null}
        {result ? (
          <>
            <h3 className="text-sm font-semibold">
              {diagnosticCommandLabels[result.command as DiagnosticCommandName] ?? result.command}
              <span className="font-normal text-muted-foreground"> · {new Date(result.ranAt).toLocaleTimeString("en-PH")}</span>
            </h3>
            {/* Only the one-line outcome is announced; the table is there to be browsed. */}
            <p role="status" className="text-sm text-muted-foreground">
              {result.summary ?? `${result.rows.length} ${result.rows.length === 1 ? "row" : "rows"}`}
            </p>
            <DiagnosticResultTable routerId={routerId} result={result} canKick={canKick} onKicked={() => last && void run(last)} />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">Results appear here. Each check is recorded in the audit log.</p>
        )}
      </div>
    </div>
  );
}
