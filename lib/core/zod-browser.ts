/*
 * In the browser, zod would probe `new Function` once to decide whether to compile its object parsers; the
 * Content-Security-Policy forbids eval (no 'unsafe-eval'), so the probe is refused and reported as a violation.
 * The forms' schemas are small: zod's interpreted parsers are fast enough, and nothing asks for eval.
 * zod probes when a schema is built, so this runs first: it is imported by the form resolver
 * (components/forms/schema-resolver.ts), which useActionForm loads on demand before any schema module.
 */
import { z } from "zod";

z.config({ jitless: true });
