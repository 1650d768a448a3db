/*
 * A real FreeRADIUS (Debian's `freeradius`) on loopback for the RADIUS tests and the benchmark: the database gets
 * radius:setup's statements, the configuration freeradius-config.ts makes goes to a temporary directory, and the
 * server runs in the foreground on two free UDP ports of 127.0.0.1. `stop()` always ends it and removes the directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freeradiusConfig } from "@/lib/radius/freeradius-config";
import { radiusSetupStatements, RADIUS_ROLE } from "@/lib/radius/setup";

export type RunningFreeradius = { pid: number; authPort: number; acctPort: number; dir: string; output(): string; stop(): Promise<void> };

/** A UDP port free on 127.0.0.1 right now (the OS's pick); a clash with another process is retried by the caller. */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve, reject) => socket.once("error", reject).bind(0, "127.0.0.1", () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** radius:setup's statements, run as the database's owner. */
export async function setUpRadiusDatabase(databaseUrl: string, password: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const statement of radiusSetupStatements({ password })) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function startFreeradius({
  databaseUrl,
  radiusKey,
  password,
  maxConnections,
}: {
  databaseUrl: string;
  radiusKey: Buffer;
  password: string;
  maxConnections?: number;
}): Promise<RunningFreeradius> {
  const url = new URL(databaseUrl);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-freeradius-"));
    try {
      const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
      const files = freeradiusConfig({
        database: { host: url.hostname, port: Number(url.port || 5432), dbname: url.pathname.slice(1), user: RADIUS_ROLE, password },
        radiusKey,
        authPort,
        acctPort,
        listenAddress: "127.0.0.1",
        configDir: dir,
        logDir: dir,
        runDir: dir,
        maxConnections,
      });
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true, mode: 0o700 });
        fs.writeFileSync(path.join(dir, file.path), file.contents, { mode: 0o600 });
      }
      const child = spawn("freeradius", ["-f", "-l", "stdout", "-d", dir], { stdio: ["ignore", "pipe", "pipe"] });
      const output: string[] = [];
      child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      await readyOrExit(child, output);
      return { pid: child.pid!, authPort, acctPort, dir, output: () => output.join(""), stop: () => stop(child, dir) };
    } catch (error) {
      lastError = error;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

function readyOrExit(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`FreeRADIUS did not start within 15 s:\n${output.join("")}`));
    }, 15_000);
    const check = () => {
      if (output.join("").includes("Ready to process requests")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`FreeRADIUS exited with ${code} before it was ready:\n${output.join("")}`));
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function stop(child: ChildProcess, dir: string) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
