import { buildTemplate } from "./db";

export default async function setup() {
  process.env.NETSPHERE_TEST_RUN ??= `${process.pid}_${Date.now().toString(36)}`;
  return buildTemplate();
}
