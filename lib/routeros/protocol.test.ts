import { describe, expect, it } from "vitest";
import {
  SentenceDecoder,
  decodeLength,
  decodeText,
  decodeWords,
  encodeLength,
  encodeRequest,
  encodeSentence,
  encodeText,
  encodeWord,
  parseReply,
  parseRequest,
} from "./protocol";
import { RouterOsError } from "./errors";

const hex = (buffer: Buffer) =>
  buffer
    .toString("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1 ");

/** A deterministic PRNG so "random" chunk sizes are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

describe("encodeLength", () => {
  it.each([
    [0x00, "00"],
    [0x7f, "7F"],
    [0x80, "80 80"],
    [0x3fff, "BF FF"],
    [0x4000, "C0 40 00"],
    [0x1fffff, "DF FF FF"],
    [0x200000, "E0 20 00 00"],
    [0xfffffff, "EF FF FF FF"],
    [0x10000000, "F0 10 00 00 00"],
    [0xffffffff, "F0 FF FF FF FF"],
  ])("pins ROUTEROS.md §1.1: 0x%s → %s", (length, expected) => {
    const prefix = encodeLength(length);
    expect(hex(prefix)).toBe(expected);
    expect(decodeLength(prefix)).toBe(length);
  });

  it("round-trips every boundary and its neighbours", () => {
    for (const boundary of [0x80, 0x4000, 0x200000, 0x10000000]) {
      for (const length of [boundary - 1, boundary, boundary + 1]) {
        expect(decodeLength(encodeLength(length))).toBe(length);
      }
    }
  });

  it("rejects lengths that have no encoding", () => {
    expect(() => encodeLength(-1)).toThrow(RangeError);
    expect(() => encodeLength(0x100000000)).toThrow(RangeError);
    expect(() => encodeLength(1.5)).toThrow(RangeError);
  });
});

describe("encodeSentence / encodeRequest", () => {
  it("prefixes each word and ends with the empty word", () => {
    expect(hex(encodeSentence(["/login", "=name=a"]))).toBe("06 2F 6C 6F 67 69 6E 07 3D 6E 61 6D 65 3D 61 00");
  });

  it("writes command, attributes, API words and queries in order", () => {
    const bytes = encodeRequest({
      command: "/ppp/secret/print",
      attributes: { ".proplist": ".id,name", comment: "" },
      api: { tag: "7" },
      queries: ["?profile=isolir", "profile=expired", "?#|"],
    });
    const [words] = new SentenceDecoder().push(bytes);
    expect(decodeWords(words)).toEqual([
      "/ppp/secret/print",
      "=.proplist=.id,name",
      "=comment=",
      ".tag=7",
      "?profile=isolir",
      "?profile=expired",
      "?#|",
    ]);
  });

  it("encodes a Buffer word as-is", () => {
    expect(hex(encodeWord(Buffer.from([0xff, 0x00])))).toBe("02 FF 00");
  });
});

describe("SentenceDecoder", () => {
  const replies = [
    ["!re", "=.id=*1", "=name=alice", ".tag=3"],
    ["!re", "=comment=" + "x".repeat(0x4000)],
    ["!done", "=ret=*1A"],
  ];
  const stream = Buffer.concat(replies.map((words) => encodeSentence(words)));

  it("decodes a whole stream at once", () => {
    expect(new SentenceDecoder().push(stream).map((words) => decodeWords(words))).toEqual(replies);
  });

  it("decodes the stream fed one byte at a time", () => {
    const decoder = new SentenceDecoder();
    const sentences: string[][] = [];
    for (let offset = 0; offset < stream.length; offset += 1) {
      sentences.push(...decoder.push(stream.subarray(offset, offset + 1)).map((words) => decodeWords(words)));
    }
    expect(sentences).toEqual(replies);
    expect(decoder.idle).toBe(true);
  });

  it("decodes the stream split into random chunk sizes", () => {
    const random = seededRandom(42);
    for (let round = 0; round < 50; round += 1) {
      const decoder = new SentenceDecoder();
      const sentences: string[][] = [];
      let offset = 0;
      while (offset < stream.length) {
        const size = 1 + Math.floor(random() * 40);
        sentences.push(...decoder.push(stream.subarray(offset, offset + size)).map((words) => decodeWords(words)));
        offset += size;
      }
      expect(sentences).toEqual(replies);
    }
  });

  it("decodes a sentence split at every offset", () => {
    const sentence = encodeSentence(["/interface/print", "=.proplist=name", ".tag=x"]);
    for (let split = 0; split <= sentence.length; split += 1) {
      const decoder = new SentenceDecoder();
      const got = [...decoder.push(sentence.subarray(0, split)), ...decoder.push(sentence.subarray(split))];
      expect(got.map((words) => decodeWords(words))).toEqual([["/interface/print", "=.proplist=name", ".tag=x"]]);
    }
  });

  it("round-trips words at every length-form boundary", () => {
    for (const length of [0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000]) {
      const word = Buffer.alloc(length, 0x61);
      const [sentence] = new SentenceDecoder().push(encodeSentence(["!re", word]));
      expect(sentence[1].length).toBe(length);
    }
  });

  it("reads a 0xF0 (five byte) prefix", () => {
    const decoder = new SentenceDecoder({ maxWordBytes: 0xffffffff });
    expect(decoder.push(Buffer.from([0xf0, 0x10, 0x00, 0x00, 0x00]))).toEqual([]);
    expect(decoder.idle).toBe(false);
  });

  it("skips empty sentences", () => {
    expect(new SentenceDecoder().push(Buffer.from([0, 0, 0x03, 0x21, 0x72, 0x65, 0]))).toEqual([[Buffer.from("!re")]]);
  });

  it.each([0xf8, 0xff, 0xf1, 0xf7])("rejects first byte 0x%s as a protocol error", (byte) => {
    const decoder = new SentenceDecoder();
    let caught: unknown;
    try {
      decoder.push(Buffer.from([0x03, 0x21, 0x72, 0x65, byte, 0, 0, 0, 0]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RouterOsError);
    expect((caught as RouterOsError).kind).toBe("protocol");
  });

  it("refuses words over the size limit before buffering them", () => {
    const decoder = new SentenceDecoder({ maxWordBytes: 100 });
    expect(() => decoder.push(encodeLength(101))).toThrow(/exceeds/);
  });
});

describe("parseReply", () => {
  it("splits attribute words on the first two = only", () => {
    expect(parseReply(["!re", "=name=iu=c3Eeg", "=comment=", "=.id=*1A", "=flag"])).toEqual({
      type: "!re",
      attributes: { name: "iu=c3Eeg", comment: "", ".id": "*1A", flag: "" },
      words: [],
    });
  });

  it("takes .tag wherever it sits", () => {
    expect(parseReply(["!done", ".tag=9", "=ret=*1A"])).toEqual({ type: "!done", attributes: { ret: "*1A" }, tag: "9", words: [] });
    expect(parseReply(["!trap", "=category=2", "=message=interrupted", ".tag=T"]).tag).toBe("T");
  });

  it("keeps bare words such as the !fatal text", () => {
    expect(parseReply(["!fatal", "session terminated on request"])).toEqual({
      type: "!fatal",
      attributes: {},
      words: ["session terminated on request"],
    });
  });

  it("parses !empty and rejects unknown reply words", () => {
    expect(parseReply(["!empty", ".tag=5"]).type).toBe("!empty");
    expect(() => parseReply(["!bogus"])).toThrow(RouterOsError);
  });
});

describe("parseRequest", () => {
  it("is the inverse of encodeRequest", () => {
    const request = {
      command: "/ip/address/add",
      attributes: { address: "10.0.0.1/24", comment: "a=b=c" },
      api: { tag: "12" },
      queries: ["?type=ether", "?#|"],
    };
    const [words] = new SentenceDecoder().push(encodeRequest(request));
    expect(parseRequest(decodeWords(words))).toEqual(request);
  });

  it("rejects a sentence that doesn't start with a command", () => {
    expect(() => parseRequest(["=name=x"])).toThrow(RouterOsError);
    expect(() => parseRequest(["/login", "stray"])).toThrow(RouterOsError);
  });
});

describe("text codec", () => {
  it("round-trips é, ñ and € through Windows-1252 as single bytes", () => {
    const bytes = encodeText("José Muñoz 5€");
    expect(bytes.length).toBe(13);
    expect(bytes[3]).toBe(0xe9);
    expect(bytes[7]).toBe(0xf1);
    expect(bytes[12]).toBe(0x80);
    expect(decodeText(bytes)).toBe("José Muñoz 5€");
  });

  // Node's own TextDecoder("windows-1252") decodes as Latin-1 in some ICU builds, so the table is pinned here instead.
  it("maps the 0x80–0x9F block per Windows-1252 and round-trips every byte", () => {
    expect(decodeText(Buffer.from([0x80, 0x8a, 0x91, 0x92, 0x96, 0x99, 0x9f]))).toBe("€Š‘’–™Ÿ");
    expect(decodeText(Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe("\u0081\u008d\u008f\u0090\u009d");
    const all = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    expect(encodeText(decodeText(all)).equals(all)).toBe(true);
  });

  it("refuses characters Windows-1252 can't hold instead of writing ?", () => {
    expect(() => encodeText("日本")).toThrow(expect.objectContaining({ kind: "encoding" }));
  });

  it("uses UTF-8 when asked", () => {
    const bytes = encodeText("日本 €", "utf-8");
    expect(bytes.length).toBe(10);
    expect(decodeText(bytes, "utf-8")).toBe("日本 €");
    const [words] = new SentenceDecoder().push(encodeSentence(["=comment=ñ"], "utf-8"));
    expect(decodeWords(words, "utf-8")).toEqual(["=comment=ñ"]);
  });
});
