/*
 * RouterOS binary API wire format (ROUTEROS.md §1): length-prefixed words, sentences ended by an
 * empty word, and the text codec. Shared by the client and the simulator, so it stays pure:
 * no sockets, no state besides the incremental decoder's buffer.
 */
import { errorClassKey, RouterOsError } from "./errors";
import type { ReplySentence, ReplyType, RequestSentence } from "./types";

/** The router has no charset; Winbox and most clients use Windows-1252, so that is the default (§3, [S28]). */
export type TextEncoding = "windows-1252" | "utf-8";

const MAX_LENGTH = 0xffffffff;

function protocolError(message: string): RouterOsError {
  return new RouterOsError("protocol", message);
}

/** The shortest of the five prefix forms for `length` (§1.1), written byte by byte to stay clear of int32 sign bits. */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
    throw new RangeError(`word length out of range: ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >>> 8) | 0x80, length & 0xff]);
  if (length < 0x200000) {
    return Buffer.from([(length >>> 16) | 0xc0, (length >>> 8) & 0xff, length & 0xff]);
  }
  if (length < 0x10000000) {
    return Buffer.from([(length >>> 24) | 0xe0, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
  }
  const prefix = Buffer.alloc(5);
  prefix[0] = 0xf0;
  prefix.writeUInt32BE(length >>> 0, 1);
  return prefix;
}

/** How many prefix bytes a first byte announces; throws on the reserved (0xF8–0xFF) and undefined (0xF1–0xF7) bytes. */
export function lengthPrefixSize(firstByte: number): number {
  if (firstByte < 0x80) return 1;
  if (firstByte < 0xc0) return 2;
  if (firstByte < 0xe0) return 3;
  if (firstByte < 0xf0) return 4;
  if (firstByte === 0xf0) return 5;
  const hex = firstByte.toString(16).toUpperCase();
  if (firstByte >= 0xf8) throw protocolError(`reserved control byte 0x${hex} in length prefix`);
  throw protocolError(`undefined length prefix byte 0x${hex}`);
}

/** Reads a complete prefix (its size given by `lengthPrefixSize`). */
export function decodeLength(prefix: Buffer): number {
  const size = lengthPrefixSize(prefix[0]);
  if (prefix.length < size) throw protocolError("truncated length prefix");
  switch (size) {
    case 1:
      return prefix[0];
    case 2:
      return ((prefix[0] & 0x3f) << 8) | prefix[1];
    case 3:
      return ((prefix[0] & 0x1f) << 16) | (prefix[1] << 8) | prefix[2];
    case 4:
      return (((prefix[0] & 0x0f) << 24) | (prefix[1] << 16) | (prefix[2] << 8) | prefix[3]) >>> 0;
    default:
      return prefix.readUInt32BE(1);
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. The five unassigned bytes map to the C1
// control of the same value (as WHATWG's decoder does), so any byte string survives a round trip.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const CP1252_BYTE_BY_CODE_POINT = new Map(CP1252_HIGH.map((codePoint, index) => [codePoint, 0x80 + index]));

function encodeCp1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x80 || (codePoint >= 0xa0 && codePoint <= 0xff)) {
      bytes.push(codePoint);
      continue;
    }
    const byte = CP1252_BYTE_BY_CODE_POINT.get(codePoint);
    // Refusing beats node-routeros's silent "?": a mangled name or comment would be written to the router.
    if (byte === undefined) {
      throw new RouterOsError("encoding", `character U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} has no Windows-1252 byte`);
    }
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

function decodeCp1252(bytes: Buffer): string {
  let text = "";
  for (const byte of bytes) {
    text += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : byte);
  }
  return text;
}

export function encodeText(text: string, encoding: TextEncoding = "windows-1252"): Buffer {
  return encoding === "utf-8" ? Buffer.from(text, "utf8") : encodeCp1252(text);
}

export function decodeText(bytes: Buffer, encoding: TextEncoding = "windows-1252"): string {
  return encoding === "utf-8" ? bytes.toString("utf8") : decodeCp1252(bytes);
}

/** One word: its length prefix followed by its bytes (strings go through `encoding`). */
export function encodeWord(word: string | Buffer, encoding: TextEncoding = "windows-1252"): Buffer {
  const bytes = typeof word === "string" ? encodeText(word, encoding) : word;
  return Buffer.concat([encodeLength(bytes.length), bytes]);
}

/** The words followed by the empty terminator word. */
export function encodeSentence(words: ReadonlyArray<string | Buffer>, encoding: TextEncoding = "windows-1252"): Buffer {
  return Buffer.concat([...words.map((word) => encodeWord(word, encoding)), Buffer.from([0])]);
}

/** Query words are kept with their leading `?`; one given without it gets it added here. */
function queryWord(query: string): string {
  return query.startsWith("?") ? query : `?${query}`;
}

/** The words of a request: command, `=name=value` attributes, `.name=value` API words, then the queries in order. */
export function requestWords(sentence: RequestSentence): string[] {
  if (!sentence.command.startsWith("/")) throw protocolError(`command must start with "/": ${sentence.command}`);
  return [
    sentence.command,
    ...Object.entries(sentence.attributes).map(([name, value]) => `=${name}=${value}`),
    ...Object.entries(sentence.api).map(([name, value]) => `.${name}=${value}`),
    ...sentence.queries.map(queryWord),
  ];
}

export function encodeRequest(sentence: RequestSentence, encoding: TextEncoding = "windows-1252"): Buffer {
  return encodeSentence(requestWords(sentence), encoding);
}

/** Splits `=name=value` on the first two `=` only: values may contain `=` (`=name=iu=c3Eeg`). */
export function splitAttributeWord(word: string): [name: string, value: string] {
  const separator = word.indexOf("=", 1);
  if (separator === -1) return [word.slice(1), ""];
  return [word.slice(1, separator), word.slice(separator + 1)];
}

function splitApiWord(word: string): [name: string, value: string] {
  const separator = word.indexOf("=");
  if (separator === -1) return [word.slice(1), ""];
  return [word.slice(1, separator), word.slice(separator + 1)];
}

const REPLY_TYPES: ReadonlySet<string> = new Set<ReplyType>(["!re", "!done", "!trap", "!fatal", "!empty"]);

export function isReplyType(word: string | undefined): word is ReplyType {
  return word !== undefined && REPLY_TYPES.has(word);
}

/** A reply sentence; unknown reply words are a protocol error here, so callers that want to skip them check `isReplyType` first. */
export function parseReply(words: readonly string[]): ReplySentence {
  const [type, ...rest] = words;
  if (!isReplyType(type)) throw protocolError(`unknown reply word: ${type ?? "(empty sentence)"}`);
  const reply: ReplySentence = { type, attributes: {}, words: [] };
  for (const word of rest) {
    if (word.startsWith("=")) {
      const [name, value] = splitAttributeWord(word);
      reply.attributes[name] = value;
    } else if (word.startsWith(".tag=")) {
      reply.tag = word.slice(".tag=".length);
    } else {
      reply.words.push(word);
    }
  }
  return reply;
}

/** A request as the simulator receives it; query words keep their `?`. Bare words other than the command are rejected. */
export function parseRequest(words: readonly string[]): RequestSentence {
  const [command, ...rest] = words;
  if (command === undefined || !command.startsWith("/")) throw protocolError(`not a command word: ${command ?? "(empty sentence)"}`);
  const request: RequestSentence = { command, attributes: {}, api: {}, queries: [] };
  for (const word of rest) {
    if (word.startsWith("=")) {
      const [name, value] = splitAttributeWord(word);
      request.attributes[name] = value;
    } else if (word.startsWith(".")) {
      const [name, value] = splitApiWord(word);
      request.api[name] = value;
    } else if (word.startsWith("?")) {
      request.queries.push(word);
    } else {
      throw protocolError(`unexpected word in request: ${word}`);
    }
  }
  return request;
}

export type SentenceDecoderOptions = {
  /** Refuse words longer than this, so a hostile or broken peer can't make us buffer up to 4 GiB (default 16 MiB). */
  maxWordBytes?: number;
};

/** A word over the decoder's `maxWordBytes`, noticed from its length prefix before any of it is buffered. */
export class WordTooLargeError extends RouterOsError {
  static override readonly [errorClassKey]: string = "WordTooLargeError";

  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super("protocol", `word of ${length} bytes exceeds the ${limit} byte limit`);
  }
}

/**
 * Incremental decoder: feed it chunks exactly as the socket delivers them (a word or even a length
 * prefix may be split anywhere) and it returns every sentence completed so far as raw `Buffer` words.
 * A sentence ends only at the empty word; empty sentences are skipped, as the router does (§1.1).
 * After a protocol error the stream can't be resynchronised: drop the connection and the decoder.
 */
export class SentenceDecoder {
  private readonly maxWordBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private wordLength: number | null = null;
  private words: Buffer[] = [];

  constructor(options: SentenceDecoderOptions = {}) {
    this.maxWordBytes = options.maxWordBytes ?? 16 * 1024 * 1024;
  }

  push(chunk: Buffer): Buffer[][] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const sentences: Buffer[][] = [];
    for (;;) {
      if (this.wordLength === null) {
        if (this.buffered === 0) break;
        const prefixSize = lengthPrefixSize(this.chunks[0][0]);
        if (this.buffered < prefixSize) break;
        const length = decodeLength(this.take(prefixSize));
        if (length > this.maxWordBytes) throw new WordTooLargeError(length, this.maxWordBytes);
        this.wordLength = length;
      }
      if (this.buffered < this.wordLength) break;
      const word = this.take(this.wordLength);
      this.wordLength = null;
      if (word.length > 0) {
        this.words.push(word);
      } else if (this.words.length > 0) {
        sentences.push(this.words);
        this.words = [];
      }
    }
    return sentences;
  }

  /** True when no partial word or sentence is buffered (a clean place for the peer to have stopped). */
  get idle(): boolean {
    return this.buffered === 0 && this.wordLength === null && this.words.length === 0;
  }

  private take(size: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= size) {
      this.consumeFront(size);
      return first.subarray(0, size);
    }
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    this.consumeFront(size);
    return joined.subarray(0, size);
  }

  private consumeFront(size: number): void {
    const first = this.chunks[0];
    if (size === first.length) this.chunks.shift();
    else this.chunks[0] = first.subarray(size);
    this.buffered -= size;
  }
}

/** Decodes every word of a sentence with `encoding`. */
export function decodeWords(words: readonly Buffer[], encoding: TextEncoding = "windows-1252"): string[] {
  return words.map((word) => decodeText(word, encoding));
}
