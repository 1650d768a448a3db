/** Router enum values and labels without Drizzle or zod, for client components; schema.ts builds its columns from them and re-exports them. */
export const routerTransports = ["api", "rest"] as const;
export type RouterTransport = (typeof routerTransports)[number];

export const routerTransportLabels: Record<RouterTransport, string> = {
  api: "Binary API (8728 / 8729)",
  rest: "REST over HTTPS (RouterOS 7.1+)",
};
