/*
 * In the browser, zod would probe `new Function` once to decide whether to compile its object parsers; the
 * Content-Security-Policy forbids eval (no 'unsafe-eval'), so the probe is refused and reported as a violation.
 * The forms' schemas are small: zod's interpreted parsers are fast enough, and nothing asks for eval.
 * Imported first by every client module that uses zod (the form hook and the components that parse), so the
 * setting is in place before any parse and zod stays out of pages that need none.
 */
import { z } from "zod";

z.config({ jitless: true });
