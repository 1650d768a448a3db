/*
 * Record/replay in the transcript format of ROUTEROS.md §1.7 (checklist 29): `<<<` for what the client
 * sent, `>>>` for what the router answered, one sentence per line, words separated by spaces. A word
 * with whitespace, a quote or a control character is written as a JSON string so the line splits back
 * exactly. `# connection N` starts each connection's section. With a fixed seed and the virtual clock
 * a replay against a fresh simulator reproduces the recording byte for byte: a golden test.
 */
import { connect } from "node:net";
import { decodeWords, encodeSentence, SentenceDecoder } from "../protocol";

export type TranscriptLine = { direction: "<<<" | ">>>"; words: string[] };
export type TranscriptSection = { connection: number; lines: TranscriptLine[] };

function formatWord(word: string): string {
  return word === "" || /[\s"\\\p{Cc}]/u.test(word) || word.startsWith('"') ? JSON.stringify(word) : word;
}

export function formatTranscript(sections: readonly TranscriptSection[]): string {
  return sections
    .map(({ connection, lines }) =>
      [`# connection ${connection}`, ...lines.map(({ direction, words }) => `${direction} ${words.map(formatWord).join(" ")}`)].join("\n"),
    )
    .join("\n");
}

export function parseTranscript(text: string): TranscriptSection[] {
  const sections: TranscriptSection[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const header = /^# connection (\d+)$/.exec(line);
    if (header) {
      sections.push({ connection: Number(header[1]), lines: [] });
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const direction = line.slice(0, 3);
    if (direction !== "<<<" && direction !== ">>>") throw new Error(`not a transcript line: ${line}`);
    const words = [...line.slice(4).matchAll(/"(?:[^"\\]|\\.)*"|\S+/g)].map(([token]) =>
      token.startsWith('"') ? (JSON.parse(token) as string) : token,
    );
    if (sections.length === 0) sections.push({ connection: 1, lines: [] });
    sections[sections.length - 1].lines.push({ direction, words });
  }
  return sections;
}

/** Collects every connection's sentences in wire order. */
export class TranscriptRecorder {
  private readonly sections: TranscriptSection[] = [];

  open(): TranscriptSection {
    const section: TranscriptSection = { connection: this.sections.length + 1, lines: [] };
    this.sections.push(section);
    return section;
  }

  text(): string {
    return formatTranscript(this.sections.filter((section) => section.lines.length > 0));
  }

  clear(): void {
    this.sections.length = 0;
  }
}

/**
 * Sends every `<<<` sentence of `transcript` to the simulator on `port`, one connection per section, and
 * records what comes back: after each request it waits for as many sentences as the recording shows
 * (or `waitMs` of silence). Returns the replayed transcript for comparison with the recording.
 */
export async function replayTranscript(port: number, transcript: string, { waitMs = 1000 } = {}): Promise<string> {
  const replayed: TranscriptSection[] = [];
  for (const section of parseTranscript(transcript)) {
    const lines: TranscriptLine[] = [];
    replayed.push({ connection: section.connection, lines });
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const decoder = new SentenceDecoder();
    const received: string[][] = [];
    let wake: (() => void) | undefined;
    socket.on("data", (chunk: Buffer) => {
      for (const sentence of decoder.push(chunk)) received.push(decodeWords(sentence));
      wake?.();
    });
    socket.on("close", () => wake?.());
    socket.on("error", () => undefined);
    for (let index = 0; index < section.lines.length; index += 1) {
      const line = section.lines[index];
      if (line.direction === ">>>") continue;
      lines.push(line);
      socket.write(encodeSentence(line.words));
      let expected = 0;
      while (section.lines[index + 1 + expected]?.direction === ">>>") expected += 1;
      const deadline = Date.now() + waitMs;
      while (received.length < expected && !socket.destroyed && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.max(1, deadline - Date.now()));
        });
      }
      for (const words of received.splice(0)) lines.push({ direction: ">>>", words });
    }
    socket.destroy();
  }
  return formatTranscript(replayed);
}
