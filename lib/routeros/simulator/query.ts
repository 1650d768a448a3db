/*
 * The RouterOS print query language (ROUTEROS.md §1.3): every `?` word pushes a boolean onto a stack that
 * starts as an endless supply of `true`; `?#` words rearrange the stack. An item matches when no `false`
 * is left after the last word, so plain words are an implicit AND.
 */

export type QueryItem = Readonly<Record<string, string>>;

/** Booleans with the "endless true below the bottom" rule; index 0 is the top. */
class QueryStack {
  private readonly entries: boolean[] = [];

  push(value: boolean): void {
    this.entries.push(value);
  }

  pop(): boolean {
    return this.entries.length > 0 ? (this.entries.pop() as boolean) : true;
  }

  at(index: number): boolean {
    const position = this.entries.length - 1 - index;
    return position >= 0 ? this.entries[position] : true;
  }

  replaceWith(value: boolean): void {
    this.entries.length = 0;
    this.entries.push(value);
  }

  allTrue(): boolean {
    return this.entries.every(Boolean);
  }
}

/** Numbers compare as numbers (`?>uptime`-style counters); everything else compares as text. */
function compareValues(left: string, right: string): number {
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(left) && numeric.test(right)) return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

function evaluateComparison(item: QueryItem, word: string): boolean {
  const operator = word[0];
  if (operator === "<" || operator === ">") {
    const [name, ...rest] = word.slice(1).split("=");
    const actual = item[name];
    if (actual === undefined) return false;
    const order = compareValues(actual, rest.join("="));
    return operator === "<" ? order < 0 : order > 0;
  }
  const body = operator === "=" ? word.slice(1) : word;
  const equals = body.indexOf("=");
  if (equals === -1) return item[body] !== undefined;
  return item[body.slice(0, equals)] === body.slice(equals + 1);
}

function applyStackOperations(stack: QueryStack, operations: string): void {
  let position = 0;
  while (position < operations.length) {
    const char = operations[position];
    if (/\d/.test(char)) {
      let end = position;
      while (end < operations.length && /\d/.test(operations[end])) end += 1;
      const entry = stack.at(Number(operations.slice(position, end)));
      if (end === operations.length) {
        stack.replaceWith(entry);
        return;
      }
      stack.push(entry);
      // A `.` right after an index only terminates the number.
      position = operations[end] === "." ? end + 1 : end;
      continue;
    }
    if (char === "!") stack.push(!stack.pop());
    else if (char === "&" || char === "|") {
      // Both operands are always popped; `&&`/`||` on the pops themselves would short-circuit one away.
      const right = stack.pop();
      const left = stack.pop();
      stack.push(char === "&" ? left && right : left || right);
    } else if (char === ".") stack.push(stack.at(0));
    position += 1;
  }
}

/** Evaluates `?` query words (without or with their leading `?`) against one item. */
export function matchesQuery(item: QueryItem, queryWords: readonly string[]): boolean {
  const stack = new QueryStack();
  for (const rawWord of queryWords) {
    const word = rawWord.startsWith("?") ? rawWord.slice(1) : rawWord;
    if (word.startsWith("#")) applyStackOperations(stack, word.slice(1));
    else if (word.startsWith("-")) stack.push(item[word.slice(1)] === undefined);
    else stack.push(evaluateComparison(item, word));
  }
  return stack.allTrue();
}
