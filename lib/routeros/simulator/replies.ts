/*
 * Builders for reply sentences, shared by dispatch and the server so every reply carries the request's
 * tag the same way (absent, not `undefined`, for untagged commands: ROUTEROS.md §1.5).
 */
import type { ReplySentence, ReplyType } from "../types";

export function reply(type: ReplyType, attributes: Record<string, string>, tag: string | undefined, words: string[] = []): ReplySentence {
  return tag === undefined ? { type, attributes, words } : { type, attributes, tag, words };
}

export const done = (tag: string | undefined, attributes: Record<string, string> = {}) => reply("!done", attributes, tag);

export function trap(message: string, tag: string | undefined, category?: string): ReplySentence {
  return reply("!trap", category === undefined ? { message } : { category, message }, tag);
}

/** `!fatal` carries its reason as a bare word and no tag. */
export const fatal = (reason: string) => reply("!fatal", {}, undefined, [reason]);

/** The words on the wire; `.tag` goes last, as in MikroTik's own examples. */
export function replyWords(sentence: ReplySentence): string[] {
  return [
    sentence.type,
    ...Object.entries(sentence.attributes).map(([name, value]) => `=${name}=${value}`),
    ...sentence.words,
    ...(sentence.tag === undefined ? [] : [`.tag=${sentence.tag}`]),
  ];
}

export { seededRandom } from "./router-state";

/** Thrown inside the simulator's command handlers to answer with one `!trap` (and `!done`). */
export class TrapSignal extends Error {
  constructor(
    readonly trapMessage: string,
    readonly category?: string,
  ) {
    super(trapMessage);
  }
}

/** The reply word stays first; attributes, bare words and `.tag` come in any order (checklist 6). */
export function shuffledReplyWords(sentence: ReplySentence, random: () => number): string[] {
  const [type, ...rest] = replyWords(sentence);
  for (let index = rest.length - 1; index > 0; index -= 1) {
    const swap = Math.floor(random() * (index + 1));
    [rest[index], rest[swap]] = [rest[swap], rest[index]];
  }
  return [type, ...rest];
}
