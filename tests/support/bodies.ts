/** A chunked request body (no Content-Length) of `total` bytes, made only as it is read; `counter.pulled` says how much was read. */
export function lazyBody(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return { stream, counter };
}

/** A POST from our own page (its Origin is the URL's) whose body may be a stream (Node's fetch needs `duplex` for that). */
export const postRequest = (url: string, body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers: { origin: new URL(url).origin, ...headers }, duplex: "half" } as RequestInit);
