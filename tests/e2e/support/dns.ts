/*
 * A DNS server on loopback for the end-to-end tests: answers TXT queries from the records a test sets, NXDOMAIN for
 * any other name. The app under test asks it because tests/e2e/run.ts points DNS_SERVERS here, so verifying a custom
 * domain needs no real DNS.
 */
import dgram from "node:dgram";

const TXT = 16;

function questionOf(query: Buffer): { name: string; type: number; end: number } | null {
  let offset = 12;
  const labels: string[] = [];
  while (offset < query.length) {
    const length = query[offset];
    if (length === 0) break;
    if (length > 63) return null;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString("latin1"));
    offset += length + 1;
  }
  if (offset + 5 > query.length) return null;
  return { name: labels.join(".").toLowerCase(), type: query.readUInt16BE(offset + 1), end: offset + 5 };
}

function answerTo(query: Buffer, records: Map<string, string[]>): Buffer | null {
  const question = questionOf(query);
  if (!question) return null;
  const values = records.get(question.name);
  const answers = values && question.type === TXT ? values : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // A response (QR), recursion desired as asked and available; NXDOMAIN (3) for a name we hold nothing for.
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (values ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const records_ = answers.map((value) => {
    const text = Buffer.from(value, "utf8");
    const rdata = Buffer.concat([Buffer.from([text.length]), text]);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    fixed.writeUInt16BE(TXT, 2);
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...records_]);
}

export async function startDnsServer(port: number) {
  const records = new Map<string, string[]>();
  const socket = dgram.createSocket("udp4");
  socket.on("message", (query, peer) => {
    const answer = answerTo(query, records);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, "127.0.0.1", () => resolve());
  });
  return {
    setTxt: (name: string, values: string[]) => records.set(name.toLowerCase(), values),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
