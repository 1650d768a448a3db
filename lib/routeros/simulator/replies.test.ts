import { describe, expect, it } from "vitest";
import { reply, replyWords, seededRandom, shuffledReplyWords } from "./replies";

describe("reply words", () => {
  const sentence = reply("!re", { ".id": "*1", name: "alice", profile: "10M", disabled: "false" }, "7");

  it("puts the tag last by default", () => {
    expect(replyWords(sentence)).toEqual(["!re", "=.id=*1", "=name=alice", "=profile=10M", "=disabled=false", ".tag=7"]);
  });

  it("shuffles everything but the reply word, deterministically", () => {
    const shuffled = shuffledReplyWords(sentence, seededRandom(1));
    expect(shuffled[0]).toBe("!re");
    expect([...shuffled].sort()).toEqual([...replyWords(sentence)].sort());
    expect(shuffled).not.toEqual(replyWords(sentence));
    expect(shuffledReplyWords(sentence, seededRandom(1))).toEqual(shuffled);
  });
});
