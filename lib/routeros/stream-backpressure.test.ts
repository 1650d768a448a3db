import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "./client";
import { SentenceDecoder, decodeWords, encodeSentence, parseRequest } from "./protocol";

/*
 * Backpressure on streams (ROUTEROS.md §8 item 9): a router that sends rows as fast as TCP lets it, and a
 * consumer slower than that. The client must stop reading the socket rather than buffer without bound.
 */
// 50,000 rows of 1 KB: more than the kernel's socket buffers can hold (up to 36 MB here), so a producer that
// finishes while the consumer sleeps proves the client kept reading.
const ROWS = 50_000;
const PAYLOAD = "x".repeat(1000);
let server: net.Server;
let port = 0;
/** Rows the router has handed to its socket so far, and whether it waits for the socket to drain. */
let written = 0;
let waitingForDrain = false;

function flood(socket: net.Socket, tag: string): void {
  const write = () => {
    while (written < ROWS && !socket.destroyed) {
      const more = socket.write(encodeSentence(["!re", `=seq=${written}`, `=comment=${PAYLOAD}`, `.tag=${tag}`]));
      written += 1;
      if (!more) {
        waitingForDrain = true;
        return void socket.once("drain", () => {
          waitingForDrain = false;
          write();
        });
      }
    }
    if (!socket.destroyed) socket.write(encodeSentence(["!done", `.tag=${tag}`]));
  };
  write();
}

beforeAll(async () => {
  server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {});
    const decoder = new SentenceDecoder();
    socket.on("data", (chunk) => {
      for (const words of decoder.push(chunk)) {
        const request = parseRequest(decodeWords(words));
        const tag = request.api.tag;
        if (request.command === "/login") socket.write(encodeSentence(["!done", `.tag=${tag}`]));
        else if (request.command === "/flood") flood(socket, tag);
        else socket.write(encodeSentence(["!done", `.tag=${tag}`]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("RouterOsClient stream backpressure", () => {
  it("stops reading while the consumer lags, so buffered rows and the producer stay bounded, and loses no row", { timeout: 30_000 }, async () => {
    const client = new RouterOsClient({ host: "127.0.0.1", port, username: "u", password: "p", timeoutMs: 2000, encoding: "utf-8" });
    await client.connect();
    const highWaterMark = 500;
    const stream = client.stream("/flood", {}, { highWaterMark, lowWaterMark: 50 });
    let seen = 0;
    let mostBuffered = 0;
    for await (const row of stream) {
      expect(row.seq).toBe(String(seen));
      seen += 1;
      mostBuffered = Math.max(mostBuffered, stream.buffered);
      // A slow consumer at first: 200 rows with a pause after each 20.
      if (seen <= 200 && seen % 20 === 0) await sleep(25);
      if (seen === 200) {
        await sleep(300);
        // The producer is held back by TCP while we don't read: it waits, and could not write everything.
        expect(waitingForDrain).toBe(true);
        expect(written).toBeLessThan(ROWS);
      }
    }
    expect(seen).toBe(ROWS);
    // At most the high-water mark plus what one socket read had already brought in.
    expect(mostBuffered).toBeLessThan(highWaterMark + 1000);
    await client.close();
  });
});
