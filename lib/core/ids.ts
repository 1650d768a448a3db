import { randomBytes } from "node:crypto";
import { clock } from "@/lib/core/clock";

/** Ids in URLs are user input: anything that is not a UUID is simply "not found". */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): milliseconds since the epoch, a 12-bit counter, then 62 random bits. Ids made one
 * after another sort in that order, so a bulk insert appends to its primary-key index instead of writing all over it.
 */
export function timeOrderedUuid(): string {
  const now = clock.ms();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  const random = randomBytes(8);
  random[0] = (random[0] & 0x3f) | 0x80;
  const time = lastMs.toString(16).padStart(12, "0");
  const hex = random.toString("hex");
  return `${time.slice(0, 8)}-${time.slice(8)}-${(0x7000 | sequence).toString(16)}-${hex.slice(0, 4)}-${hex.slice(4)}`;
}
