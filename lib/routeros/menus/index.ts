/*
 * Typed helpers for the menus an ISP integration uses (ROUTEROS.md §4), all over RouterOsApi.
 */
export * from "./fields";
export * from "./menu";
export * from "./ppp";
export * from "./hotspot";
export * from "./queues";
export * from "./ip";
export * from "./interfaces";
export * from "./system";
export * from "./ping";
