/*
 * `/login` by RouterOS version (ROUTEROS.md §2, checklist 4): below 6.43 only the MD5 challenge, up to
 * 6.45.0 both methods, from 6.45.1 plain name/password only.
 */
import { createHash } from "node:crypto";
import { encodeText } from "../protocol";
import type { ReplySentence, RequestSentence } from "../types";
import { done, trap } from "./replies";
import { compareVersions } from "./router-state";

export type LoginSettings = { username: string; password: string; refuse: () => boolean };

export type LoginAnswer = { replies: ReplySentence[]; loggedIn: boolean; challenge: string | undefined };

const invalidLogin = "invalid user name or password (6)";

/** The legacy (pre-6.43) login answer: "00" + hex(md5(0x00 ‖ password ‖ challenge bytes)). */
export function legacyLoginResponse(password: string, challengeHex: string): string {
  const digest = createHash("md5").update(Buffer.concat([Buffer.from([0]), encodeText(password), Buffer.from(challengeHex, "hex")]));
  return `00${digest.digest("hex")}`;
}

/** Answers one `/login`; `challenge` is the one this connection handed out before, if any. */
export function answerLogin(
  settings: LoginSettings,
  version: string,
  request: RequestSentence,
  challenge: string | undefined,
  random: () => number,
): LoginAnswer {
  const tag = request.api.tag;
  const legacyOnly = compareVersions(version, "6.43") < 0;
  const legacyAccepted = compareVersions(version, "6.45.1") < 0;
  const { name, password, response } = request.attributes;
  const refused = (message: string): LoginAnswer => ({ replies: [trap(message, tag), done(tag)], loggedIn: false, challenge: undefined });
  if (settings.refuse()) return refused(invalidLogin);
  if (response !== undefined) {
    const valid =
      legacyAccepted && challenge !== undefined && name === settings.username && response === legacyLoginResponse(settings.password, challenge);
    if (!valid) return refused(legacyOnly ? "cannot log in" : invalidLogin);
    return { replies: [done(tag)], loggedIn: true, challenge: undefined };
  }
  // Pre-6.43 routers ignore name/password and always answer with a challenge.
  if (legacyOnly || (legacyAccepted && password === undefined)) {
    // Seeded, so deterministic runs record the same challenge.
    const fresh = Array.from({ length: 16 }, () =>
      Math.floor(random() * 256)
        .toString(16)
        .padStart(2, "0"),
    ).join("");
    return { replies: [done(tag, { ret: fresh })], loggedIn: false, challenge: fresh };
  }
  if (name !== settings.username || password !== settings.password) return refused(invalidLogin);
  return { replies: [done(tag)], loggedIn: true, challenge: undefined };
}
