import { z } from "zod";
import { MULTIPART_OVERHEAD_BYTES, bodyTooLarge, readFormLimited } from "@/lib/core/body";
import { AppError } from "@/lib/core/errors";
import { staffRoute } from "@/lib/core/route";
import { logger } from "@/lib/core/logger";
import { decodeCsvBytes } from "@/lib/imports/csv";
import { importFields, MAX_IMPORT_BYTES, tooLargeMessage, type ImportEvent } from "@/lib/imports/fields";
import { analyzeImport, previewImport, runImport } from "@/lib/imports/service";

// The CSV import (permission customers:import). The browser keeps the file and sends it with
// each step — analyze (columns), preview (checked rows), import (progress streamed as NDJSON) —
// so no upload is stored between steps. Files over 50 MB are refused before being parsed.
export const dynamic = "force-dynamic";
export const maxDuration = 300;

const stepSchema = z.enum(["analyze", "preview", "import"]);
const mappingSchema = z.record(z.string().max(300), z.enum([...importFields, "ignore"]));
const tooLarge = (size: number) => bodyTooLarge(MAX_IMPORT_BYTES, tooLargeMessage(size));

export const POST = staffRoute("customers:import", async (ctx, request) => {
  // Read while it streams in and stopped at the limit, whether or not the browser sent a Content-Length.
  const limit = MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES;
  const declared = Number(request.headers.get("content-length") ?? 0);
  const form = await readFormLimited(request, limit, { tooLarge: () => tooLarge(Math.max(declared, limit)) });
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("validation", "Choose a CSV file to upload.");
  if (file.size > MAX_IMPORT_BYTES) throw tooLarge(file.size);
  if (file.size === 0) throw new AppError("validation", "The file is empty.");
  const step = stepSchema.safeParse(form.get("step"));
  if (!step.success) throw new AppError("validation", "Unknown import step.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = file.name || "customers.csv";

  if (step.data === "analyze") {
    return Response.json({ ok: true, data: await analyzeImport(ctx.db, ctx, { bytes, fileName }) }, { headers: { "cache-control": "no-store" } });
  }
  const mapping = mappingSchema.safeParse(parseJson(String(form.get("mapping") ?? "{}")));
  if (!mapping.success) throw new AppError("validation", "The column mapping is not valid; choose the fields again.");
  const csvText = decodeCsvBytes(bytes);
  if (step.data === "preview") {
    return Response.json(
      { ok: true, data: await previewImport(ctx.db, ctx, { csvText, mapping: mapping.data }) },
      { headers: { "cache-control": "no-store" } },
    );
  }

  const strict = form.get("strict") === "true";
  const encoder = new TextEncoder();
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: ImportEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false;
        }
      };
      // Not awaited: events flow to the browser while the import runs. If the browser goes
      // away the import still finishes and its job row holds the result.
      void runImport(ctx.db, ctx, { csvText, mapping: mapping.data, strict, fileName, onEvent: send })
        .then((outcome) => send({ type: "done", outcome }))
        .catch((error: unknown) => {
          if (!(error instanceof AppError)) logger.error({ err: error }, "import failed before it started");
          send({
            type: "error",
            message: error instanceof AppError ? error.message : "Something went wrong on our side. Nothing was imported; try again.",
          });
        })
        .finally(() => {
          if (!open) return;
          open = false;
          try {
            controller.close();
          } catch {
            // already closed by the browser going away
          }
        });
    },
    cancel() {
      open = false;
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation", "The column mapping is not valid; choose the fields again.");
  }
}
