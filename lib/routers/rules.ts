import { z } from "zod";
import { routerTransports } from "@/lib/routers/values";

export { routerTransportLabels } from "@/lib/routers/values";

const hostnamePattern = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** An IPv4 address, an IPv6 address or a DNS hostname; never a URL and never with a port. */
export function isRouterHost(value: string): boolean {
  if (z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success) return true;
  // All-digit labels would be an IPv4 address with a typo (10.0.0.256), not a hostname.
  return hostnamePattern.test(value) && !/^[\d.]+$/.test(value);
}

const hostSchema = z
  .string()
  .trim()
  .min(1, "Host is required")
  .max(253, "Host is too long")
  .refine((host) => host === "" || isRouterHost(host), "Enter an IPv4 address or a hostname, without http:// or a port");

const port = (label: string) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be 1–65535`)
    .max(65535, `${label} must be 1–65535`);

/** Optional decimal degrees typed as text: empty means unknown. */
const coordinate = (min: number, max: number, label: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.trim() || null : (value ?? null)),
    z.coerce
      .number({ message: `${label} must be a number` })
      .min(min, `${label} must be between ${min} and ${max}`)
      .max(max, `${label} must be between ${min} and ${max}`)
      .nullable(),
  );

export const routerFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80, "Name is too long"),
    host: hostSchema,
    transport: z.enum(routerTransports, { message: "Choose the binary API or REST" }).default("api"),
    apiPort: port("API port"),
    useTls: z.boolean().default(false),
    restPort: port("REST port").default(443),
    username: z.string().trim().min(1, "Username is required").max(64, "Username is too long"),
    password: z.string().max(128, "Password is too long"),
    siteId: z.union([z.literal("").transform(() => null), z.null(), z.string().uuid("Choose one of your sites")]).default(null),
    latitude: coordinate(-90, 90, "Latitude"),
    longitude: coordinate(-180, 180, "Longitude"),
  })
  .superRefine((router, ctx) => {
    if ((router.latitude === null) !== (router.longitude === null)) {
      const missing = router.latitude === null ? "latitude" : "longitude";
      ctx.addIssue({ code: "custom", path: [missing], message: "Enter both latitude and longitude, or neither" });
    }
  });
export type RouterFields = z.infer<typeof routerFieldsSchema>;

/** Fields added after the first router form; callers that predate them get the defaults. */
type LaterRouterFields = "transport" | "restPort" | "latitude" | "longitude";
export type RouterInput = Omit<RouterFields, LaterRouterFields> & Partial<Pick<RouterFields, LaterRouterFields>>;

export const siteFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  address: z.string().trim().max(300).default(""),
});

/** An OpenStreetMap link centred on a point, for "open in map". */
export function openStreetMapUrl(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

type RouterRow = Omit<RouterInput, "password" | "siteId" | "latitude" | "longitude"> & {
  siteId: string | null;
  latitude: number | null;
  longitude: number | null;
};

/** A stored router as the edit form's values: no password (empty keeps the stored one), coordinates as text. */
export function routerFormValuesOf(router: RouterRow) {
  return {
    name: router.name,
    host: router.host,
    transport: router.transport ?? "api",
    apiPort: router.apiPort,
    useTls: router.useTls,
    restPort: router.restPort ?? 443,
    username: router.username,
    password: "",
    siteId: router.siteId ?? "",
    latitude: router.latitude === null ? "" : String(router.latitude),
    longitude: router.longitude === null ? "" : String(router.longitude),
  };
}

/**
 * What a link may fill in on the add-router form (the topology's "Add as router" on an unknown neighbour): its identity
 * as the name and its address as the host, trimmed and capped like the form's fields; a host the form would refuse is
 * left empty. Only ever a starting point: staff check both and type the credentials.
 */
export function routerPrefillOf(params: Record<string, string | string[] | undefined>): { name: string; host: string } {
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.replace(/[\u0000-\u001f\u007f]/g, "").trim() : "");
  const name = text(params.name).slice(0, 80).trim();
  const host = text(params.host);
  return { name, host: host.length <= 253 && isRouterHost(host) ? host : "" };
}

/** The routers page with its add form filled in from a neighbour (see `routerPrefillOf`). */
export function addRouterHref({ name, host }: { name: string; host: string }): string {
  const params = new URLSearchParams();
  if (name) params.set("name", name);
  if (host) params.set("host", host);
  return `/routers${params.size ? `?${params}` : ""}#add-router`;
}
