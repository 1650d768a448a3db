/*
 * RouterOS API sentences as both our client and our simulator see them (see ROUTEROS.md §1).
 * Values are always strings on the wire; typed readers in values.ts turn them into numbers/dates.
 */

/** A request: the command word, its `=name=value` attributes, API words (`.tag`) and `?` query words in order. */
export type RequestSentence = {
  command: string;
  attributes: Record<string, string>;
  api: Record<string, string>;
  queries: string[];
};

export type ReplyType = "!re" | "!done" | "!trap" | "!fatal" | "!empty";

/** A reply: its type, attributes (`.id`, `ret`, `message`, `category`...), the echoed `.tag`, and bare words (`!fatal` text). */
export type ReplySentence = {
  type: ReplyType;
  attributes: Record<string, string>;
  tag?: string;
  words: string[];
};

/** Trap categories (ROUTEROS.md §1.4). */
export const trapCategory = {
  missingItemOrCommand: "0",
  argumentValueFailure: "1",
  interrupted: "2",
  scriptingFailure: "3",
  generalFailure: "4",
  apiFailure: "5",
  ttyFailure: "6",
  returnValue: "7",
} as const;
