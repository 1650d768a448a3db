"use client";
import { useId, useState } from "react";
import { Label, NativeSelect } from "@/components/ui/input";
import { LiveTrafficGraph } from "./live-traffic-graph";
import { TrafficHistoryChart } from "./traffic-history-chart";

export type InterfaceOption = { name: string; type: string; running: boolean };

/** Pick an interface; its live graph, its history and the page's `?interface=` (reload and share keep it) follow the choice. */
export function InterfaceTrafficPanel({
  routerId,
  interfaces,
  initial,
  timeZone,
}: {
  routerId: string;
  interfaces: InterfaceOption[];
  initial: string;
  timeZone: string;
}) {
  const [selected, setSelected] = useState(initial);
  const selectId = useId();
  return (
    <div className="space-y-5">
      <div className="max-w-xs space-y-1.5">
        <Label htmlFor={selectId}>Interface</Label>
        <NativeSelect
          id={selectId}
          value={selected}
          onChange={(event) => {
            const url = new URL(window.location.href);
            url.searchParams.set("interface", event.target.value);
            window.history.replaceState(null, "", url);
            setSelected(event.target.value);
          }}
        >
          {interfaces.map((i) => (
            <option key={i.name} value={i.name}>
              {i.name}
              {i.type ? ` (${i.type}${i.running ? "" : ", not running"})` : ""}
            </option>
          ))}
        </NativeSelect>
      </div>
      <section aria-labelledby={`${selectId}-live`} className="space-y-2">
        <h3 id={`${selectId}-live`} className="text-sm font-semibold">
          Live: {selected}
        </h3>
        <LiveTrafficGraph key={selected} routerId={routerId} source={{ interface: selected }} label={selected} />
      </section>
      <section aria-labelledby={`${selectId}-history`} className="space-y-2">
        <h3 id={`${selectId}-history`} className="text-sm font-semibold">
          History: {selected}
        </h3>
        <TrafficHistoryChart
          key={selected}
          routerId={routerId}
          source={{ interface: selected }}
          label={selected}
          defaultRange="1h"
          timeZone={timeZone}
        />
      </section>
    </div>
  );
}
