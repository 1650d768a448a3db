/*
 * The router's side of RADIUS mode, applied through the API by the reconciler of a RADIUS-mode router: our `/radius`
 * entry (found by its marker comment; the ISP's own entries are left alone), `/ppp aaa` using RADIUS with accounting
 * and interim updates, and `/radius incoming` accepting CoA and Disconnect. Each is read first and written only when it
 * differs, so a reconcile of a router already in line writes nothing.
 */
import { radiusEntryProps, type RouterRadiusConfig } from "@/lib/radius/rules";
import { parseDuration } from "@/lib/routeros/values";
import type { RouterOsApi } from "@/lib/routeros/api";

const yes = (value: string | undefined) => value === "true" || value === "yes";

/** The changes made (for the reconcile report): e.g. ["/radius added", "/ppp aaa set"]. */
export async function applyRadiusClient(api: Pick<RouterOsApi, "write">, config: RouterRadiusConfig, dryRun = false): Promise<string[]> {
  const done: string[] = [];
  const [resource] = (await api.write("/system/resource/print", { ".proplist": "version" })).rows;
  const version = resource?.version?.startsWith("6") ? 6 : 7;
  const wanted = radiusEntryProps(config, version);
  const entries = (await api.write("/radius/print", {}, [`?comment=${config.comment}`])).rows;
  const [entry, ...extra] = entries;
  if (!entry) {
    if (!dryRun) await api.write("/radius/add", wanted);
    done.push("/radius entry added");
  } else {
    const differs = Object.entries(wanted).filter(([key, value]) => key !== "secret" && entry[key] !== undefined && entry[key] !== value);
    // RouterOS never prints a secret back over the API, so it is set again with every other change.
    if (differs.length > 0) {
      if (!dryRun) await api.write("/radius/set", { ".id": entry[".id"]!, ...wanted });
      done.push(`/radius entry set (${differs.map(([key]) => key).join(", ")})`);
    }
  }
  for (const stray of extra) {
    if (!dryRun) await api.write("/radius/remove", { ".id": stray[".id"]! });
    done.push("/radius duplicate entry removed");
  }
  const [aaa] = (await api.write("/ppp/aaa/print")).rows;
  const interim = config.interimSeconds % 60 === 0 ? `${config.interimSeconds / 60}m` : `${config.interimSeconds}s`;
  if (!aaa || !yes(aaa["use-radius"]) || !yes(aaa.accounting) || !sameDuration(aaa["interim-update"], config.interimSeconds)) {
    if (!dryRun) await api.write("/ppp/aaa/set", { "use-radius": "yes", accounting: "yes", "interim-update": interim });
    done.push("/ppp aaa uses RADIUS");
  }
  const [incoming] = (await api.write("/radius/incoming/print")).rows;
  if (!incoming || !yes(incoming.accept) || incoming.port !== String(config.coaPort)) {
    if (!dryRun) await api.write("/radius/incoming/set", { accept: "yes", port: String(config.coaPort) });
    done.push("/radius incoming accepts CoA");
  }
  return done;
}

const sameDuration = (value: string | undefined, seconds: number) => value !== undefined && parseDuration(value) === seconds * 1000;
