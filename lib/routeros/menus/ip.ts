/*
 * `/ip/firewall/address-list` (suspension lists, §5.2) and `/ip/pool`. An address list may hold
 * duplicates from old imports, so a lookup can return several rows (§4).
 */
import { date, duration, flag, key, list, ro, rw, text, writeDuration, writeFlag, writeList, type InputOf, type RowOf } from "./fields";
import { writableMenu } from "./menu";

const same = (value: string) => value;

const addressListFields = {
  id: key(".id", text),
  list: key("list", text, same),
  address: key("address", text, same),
  /** Left out for permanent entries; entries with a timeout are dynamic and lost on reboot. */
  timeout: rw("timeout", duration, writeDuration),
  comment: rw("comment", text, same),
  disabled: rw("disabled", flag, writeFlag),
  dynamic: ro("dynamic", flag),
  /** v7 only. */
  creationTime: ro("creation-time", date),
};
export type AddressListEntry = RowOf<typeof addressListFields>;
export type AddressListInput = InputOf<typeof addressListFields>;
export const addressList = writableMenu("/ip/firewall/address-list", addressListFields, ["list", "address"]);

const ipPoolFields = {
  id: key(".id", text),
  name: key("name", text, same),
  /** `10.10.0.2-10.10.3.254` ranges. */
  ranges: rw("ranges", list, writeList),
  nextPool: rw("next-pool", text, same),
  comment: rw("comment", text, same),
};
export type IpPool = RowOf<typeof ipPoolFields>;
export type IpPoolInput = InputOf<typeof ipPoolFields>;
export const ipPools = writableMenu("/ip/pool", ipPoolFields, ["name", "ranges"]);
