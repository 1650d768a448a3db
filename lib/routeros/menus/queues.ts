/*
 * `/queue/simple` (pairs are `target-upload/target-download`, §4) and `/queue/tree` (single numbers).
 * Reconcile queues by name, never by `.id` (§5.3).
 */
import {
  counter,
  counterPair,
  flag,
  integer,
  key,
  list,
  rate,
  ratePair,
  ro,
  rw,
  text,
  writeInteger,
  writeFlag,
  writeList,
  writeRate,
  writeRatePair,
  type InputOf,
  type RowOf,
} from "./fields";
import { writableMenu } from "./menu";

const same = (value: string) => value;

const simpleQueueFields = {
  id: key(".id", text),
  name: key("name", text, same),
  /** Read back with `/32` added to bare addresses (§3). */
  target: rw("target", list, writeList),
  dst: rw("dst", text, same),
  maxLimit: rw("max-limit", ratePair, writeRatePair),
  limitAt: rw("limit-at", ratePair, writeRatePair),
  burstLimit: rw("burst-limit", ratePair, writeRatePair),
  burstThreshold: rw("burst-threshold", ratePair, writeRatePair),
  burstTime: rw("burst-time", text, same),
  priority: rw("priority", text, same),
  queue: rw("queue", text, same),
  parent: rw("parent", text, same),
  packetMarks: rw("packet-marks", text, same),
  comment: rw("comment", text, same),
  disabled: rw("disabled", flag, writeFlag),
  bytes: ro("bytes", counterPair),
  packets: ro("packets", counterPair),
  rate: ro("rate", ratePair),
  packetRate: ro("packet-rate", ratePair),
  queuedBytes: ro("queued-bytes", counterPair),
  dropped: ro("dropped", counterPair),
  dynamic: ro("dynamic", flag),
  invalid: ro("invalid", flag),
};
export type SimpleQueue = RowOf<typeof simpleQueueFields>;
export type SimpleQueueInput = InputOf<typeof simpleQueueFields>;
export const simpleQueues = writableMenu("/queue/simple", simpleQueueFields, ["target"]);

const queueTreeFields = {
  id: key(".id", text),
  name: key("name", text, same),
  parent: rw("parent", text, same),
  packetMark: rw("packet-mark", text, same),
  maxLimit: rw("max-limit", rate, writeRate),
  limitAt: rw("limit-at", rate, writeRate),
  burstLimit: rw("burst-limit", rate, writeRate),
  burstThreshold: rw("burst-threshold", rate, writeRate),
  burstTime: rw("burst-time", text, same),
  /** 1 (highest) to 8. */
  priority: rw("priority", integer, writeInteger),
  queue: rw("queue", text, same),
  comment: rw("comment", text, same),
  disabled: rw("disabled", flag, writeFlag),
  bytes: ro("bytes", counter),
  packets: ro("packets", counter),
  dropped: ro("dropped", counter),
  rate: ro("rate", rate),
  packetRate: ro("packet-rate", rate),
  queuedBytes: ro("queued-bytes", counter),
  queuedPackets: ro("queued-packets", counter),
  invalid: ro("invalid", flag),
};
export type QueueTreeEntry = RowOf<typeof queueTreeFields>;
export type QueueTreeInput = InputOf<typeof queueTreeFields>;
export const queueTree = writableMenu("/queue/tree", queueTreeFields, ["name", "parent"]);
