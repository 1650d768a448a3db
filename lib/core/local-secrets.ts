import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/*
 * The embedded demo's secrets: made at random on its first start and kept beside its database in
 * DATA_DIR/secrets.json (readable by the owner only), so every later start, the seed command and the
 * benches on that directory sign and decrypt with the same keys. Never printed or logged.
 */

export type LocalSecrets = { ENCRYPTION_SECRET: string; BETTER_AUTH_SECRET: string };

export const SECRETS_FILE = "secrets.json";
const MIN_LENGTH = 32;

const newSecret = () => randomBytes(48).toString("base64url");

function parseSecrets(file: string, text: string): LocalSecrets {
  let data: Partial<Record<keyof LocalSecrets, unknown>> | null = null;
  try {
    data = JSON.parse(text);
  } catch {
    // reported below with the file's name
  }
  const valid = (value: unknown): value is string => typeof value === "string" && value.length >= MIN_LENGTH;
  if (!data || !valid(data.ENCRYPTION_SECRET) || !valid(data.BETTER_AUTH_SECRET)) {
    throw new Error(
      `${file} is damaged: it must hold ENCRYPTION_SECRET and BETTER_AUTH_SECRET of at least ${MIN_LENGTH} characters. ` +
        "Restore it from a backup (router passwords stored with it cannot be read without it) or delete it to start over with new secrets.",
    );
  }
  return { ENCRYPTION_SECRET: data.ENCRYPTION_SECRET, BETTER_AUTH_SECRET: data.BETTER_AUTH_SECRET };
}

/**
 * The secrets of the embedded database in `dataDir`, created on the first call. Creation is atomic: the
 * file is written whole under a temporary name and linked into place, so two processes starting at once
 * agree on one set and nobody ever reads a half-written file.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(path.resolve(dataDir), SECRETS_FILE);
  if (!fs.existsSync(file)) createSecretsFile(file);
  return parseSecrets(file, fs.readFileSync(file, "utf8"));
}

function createSecretsFile(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const secrets: LocalSecrets = { ENCRYPTION_SECRET: newSecret(), BETTER_AUTH_SECRET: newSecret() };
  fs.writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    // Another process made the file first: theirs wins.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
