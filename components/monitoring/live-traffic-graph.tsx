"use client";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { max } from "d3-array";
import { Pause, Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ChartSeries } from "./line-chart";
import { ChartLegend } from "./chart-legend";
import { LazyLineChart } from "./lazy-line-chart";
import { directionLabels, formatMbpsTick, formatRate, sourceQuery, type TrafficSource } from "./format";
import { useElementWidth, usePageVisible, useReducedMotion } from "./hooks";

export type LiveTrafficGraphProps = {
  routerId: string;
  source: TrafficSource;
  /** What is shown, for headings and screen readers: `ether1`, `Juan dela Cruz`. */
  label: string;
  /** Seconds of history on screen (60–120). */
  windowSeconds?: number;
  height?: number;
};

type Sample = { at: number; rxBps: number; txBps: number };
type Status = { state: "connecting" | "live" | "retrying" } | { state: "error"; message: string };
type ShownStatus = Status | { state: "paused" | "stopped" };

/** Screen readers hear the current rates at most this often, and only while they change. */
const ANNOUNCE_EVERY_MS = 15_000;
const RETRY_AFTER_ERROR_MS = 15_000;

/**
 * rx/tx bits per second from the router, once a second, over a moving window. The stream closes while
 * the tab is hidden or the user pauses, and reopens (empty) when it shows again; with reduced motion
 * the lines step instead of sliding. A polite live region and a table give the numbers without the chart.
 */
export function LiveTrafficGraph({ routerId, source, label, windowSeconds = 90, height = 200 }: LiveTrafficGraphProps) {
  const span = Math.min(120, Math.max(60, windowSeconds));
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<SVGGElement>(null);
  const width = useElementWidth(container);
  const reducedMotion = useReducedMotion();
  const visible = usePageVisible();
  const [paused, setPaused] = useState(false);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [status, setStatus] = useState<Status>({ state: "connecting" });
  const [announcement, setAnnouncement] = useState("");
  const [showTable, setShowTable] = useState(false);
  const [retryKey, setRetryKey] = useState(0);
  const lastAnnounced = useRef({ at: 0, text: "" });
  const tableId = useId();
  const names = directionLabels(source);
  const url = `/api/routers/${routerId}/traffic?${sourceQuery(source)}`;

  useEffect(() => {
    if (paused || !visible) return;
    const events = new EventSource(url);
    let retry: ReturnType<typeof setTimeout> | undefined;
    events.addEventListener("ready", () => {
      // A new stream starts a fresh window: readings from before a pause would leave a misleading gap.
      setSamples([]);
      setStatus({ state: "live" });
    });
    events.addEventListener("traffic", (event) => {
      const sample = JSON.parse((event as MessageEvent<string>).data) as Sample;
      setSamples((current) => [...current.filter((s) => s.at > sample.at - (span + 2) * 1000), sample]);
      setStatus({ state: "live" });
    });
    events.addEventListener("error", (event) => {
      const data = (event as MessageEvent<string>).data;
      if (!data) {
        // The connection dropped; EventSource reconnects by itself.
        setStatus({ state: "retrying" });
        return;
      }
      // The server said why it stopped (router down, subscriber offline): try again a little later.
      events.close();
      const { message } = JSON.parse(data) as { message: string };
      setStatus({ state: "error", message });
      retry = setTimeout(() => setRetryKey((key) => key + 1), RETRY_AFTER_ERROR_MS);
    });
    return () => {
      clearTimeout(retry);
      events.close();
      setStatus({ state: "connecting" });
    };
  }, [url, paused, visible, span, retryKey]);

  const latest = samples.at(-1);
  const current = latest ? { rx: formatRate(latest.rxBps), tx: formatRate(latest.txBps) } : undefined;

  const currentRx = current?.rx;
  const currentTx = current?.tx;
  useEffect(() => {
    if (currentRx === undefined || currentTx === undefined) return;
    const text = `${label}: ${names.tx} ${currentTx}, ${names.rx} ${currentRx}.`;
    const now = Date.now();
    if (text === lastAnnounced.current.text || now - lastAnnounced.current.at < ANNOUNCE_EVERY_MS) return;
    lastAnnounced.current = { at: now, text };
    setAnnouncement(text);
  }, [currentRx, currentTx, label, names.rx, names.tx]);

  const innerWidth = Math.max(width - 64, 10);
  // Each new second slides the lines one step left, unless the user prefers less motion.
  useLayoutEffect(() => {
    if (reducedMotion || samples.length < 2 || !plot.current?.animate) return;
    const step = innerWidth / span;
    plot.current.animate([{ transform: `translateX(${step}px)` }, { transform: "translateX(0)" }], { duration: 1000, easing: "linear" });
  }, [samples, reducedMotion, innerWidth, span]);

  const end = latest?.at ?? 0;
  const toPoints = (key: "rxBps" | "txBps") => samples.map((s) => ({ x: (s.at - end) / 1000, y: s[key] }));
  const series: ChartSeries[] = [
    { key: "tx", label: names.tx, color: "var(--primary)", points: toPoints("txBps") },
    { key: "rx", label: names.rx, color: "var(--success)", dashed: true, points: toPoints("rxBps") },
  ];
  const yMax = Math.max(max(samples, (s) => Math.max(s.rxBps, s.txBps)) ?? 0, 1e6) * 1.1;
  const ticks = [-span, -Math.round((span * 2) / 3), -Math.round(span / 3), 0].map((value) => ({ value, label: value === 0 ? "now" : `${value} s` }));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ChartLegend series={series} values={current ? { rx: current.rx, tx: current.tx } : undefined} />
        <div className="flex items-center gap-2">
          <StatusText status={paused ? { state: "stopped" } : visible ? status : { state: "paused" }} />
          <Button variant="outline" size="sm" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? <Play aria-hidden="true" /> : <Pause aria-hidden="true" />}
            {paused ? "Resume" : "Pause"}
          </Button>
        </div>
      </div>
      <div ref={container} className="w-full">
        <LazyLineChart
          width={width}
          height={height}
          series={series}
          xDomain={[-span, 0]}
          xTicks={ticks}
          yMax={yMax}
          yFormat={formatMbpsTick}
          title={`Live traffic of ${label} in Mbps over the last ${span} seconds`}
          plotRef={plot}
        />
        <p className="mt-1 text-xs text-muted-foreground">Mbps, one reading per second</p>
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <Button variant="link" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
        {showTable ? "Hide table" : "Show as table"}
      </Button>
      {showTable ? <LiveTable id={tableId} samples={samples.slice(-10).reverse()} names={names} label={label} /> : null}
    </div>
  );
}

function StatusText({ status }: { status: ShownStatus }) {
  const text = {
    connecting: "Connecting…",
    live: "Live",
    paused: "Paused while the tab is hidden",
    stopped: "Paused",
    retrying: "Reconnecting…",
    error: "",
  }[status.state];
  if (status.state === "error") {
    return (
      <p role="alert" className="text-sm text-danger">
        {status.message} Retrying in 15 s.
      </p>
    );
  }
  return <span className="text-sm text-muted-foreground">{text}</span>;
}

function LiveTable({ id, samples, names, label }: { id: string; samples: Sample[]; names: { rx: string; tx: string }; label: string }) {
  return (
    <div id={id} className="overflow-x-auto rounded-md border">
      <table className="w-full text-sm">
        <caption className="p-2 text-left text-muted-foreground">
          Last {samples.length} readings of {label}, newest first
        </caption>
        <thead className="border-b text-left text-muted-foreground">
          <tr>
            <th scope="col" className="p-2 font-medium">
              Time
            </th>
            <th scope="col" className="p-2 text-right font-medium">
              {names.tx}
            </th>
            <th scope="col" className="p-2 text-right font-medium">
              {names.rx}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {samples.map((s) => (
            <tr key={s.at}>
              <td className="p-2 font-mono">{new Date(s.at).toLocaleTimeString()}</td>
              <td className="p-2 text-right font-mono tabular-nums">{formatRate(s.txBps)}</td>
              <td className="p-2 text-right font-mono tabular-nums">{formatRate(s.rxBps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
