import { describe, expect, it } from "vitest";
import { readSource, sourceFiles } from "@/tests/support/source-scan";

/*
 * A form without `method` submits with GET. Our forms submit through JavaScript, but with JavaScript off (or
 * before it loads) pressing Enter sends every field in the URL, where browser history, proxies and the server's
 * request log keep it: a password, a reset token, a gateway secret. So every form says how it submits: post,
 * or get for filters whose values belong in the URL, which then hold no secret field.
 */
type FormTag = { file: string; line: number; tag: string; body: string };

/** The opening `<form …>` tags of the app's pages and components (a `>` inside `{…}` does not end a tag). */
function formTags(): FormTag[] {
  const found: FormTag[] = [];
  for (const file of [...sourceFiles("components"), ...sourceFiles("app")].filter((f) => f.endsWith(".tsx"))) {
    const source = readSource(file);
    for (const match of source.matchAll(/<form[\s>]/g)) {
      let depth = 0;
      let end = match.index;
      for (; end < source.length; end++) {
        const ch = source[end];
        if (ch === "{") depth++;
        else if (ch === "}") depth--;
        else if (ch === ">" && depth === 0 && source[end - 1] !== "=") break;
      }
      const close = source.indexOf("</form>", end);
      found.push({
        file,
        line: source.slice(0, match.index).split("\n").length,
        tag: source.slice(match.index, end + 1),
        body: source.slice(end + 1, close < 0 ? undefined : close),
      });
    }
  }
  return found;
}

const methodOf = (tag: string) => /\smethod="(\w+)"/.exec(tag)?.[1] ?? null;
const where = (f: FormTag) => `${f.file}:${f.line}`;

describe("forms", () => {
  const forms = formTags();

  it("are found (the scan reads the sign-in forms)", () => {
    expect(forms.map((f) => f.file)).toEqual(expect.arrayContaining(["components/auth/sign-in-form.tsx", "components/portal/sign-in-forms.tsx"]));
  });

  it("all say how they submit", () => {
    expect(forms.filter((f) => methodOf(f.tag) !== "post" && methodOf(f.tag) !== "get").map(where)).toEqual([]);
  });

  it("that hold a password, code, token, secret or key post it", () => {
    const secretField = /type="password"|(name=|register\()["'][\w.]*(password|secret|token|key|code|current)/i;
    expect(forms.filter((f) => secretField.test(f.body) && methodOf(f.tag) !== "post").map(where)).toEqual([]);
    // The two sign-in forms, where it was first seen.
    const signIn = forms.filter((f) => f.file === "components/auth/sign-in-form.tsx" || f.file === "components/portal/sign-in-forms.tsx");
    expect(signIn.map((f) => methodOf(f.tag))).toEqual(["post", "post", "post"]);
  });
});
