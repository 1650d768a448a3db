import next from "eslint-config-next/core-web-vitals";
import ts from "eslint-config-next/typescript";

const config = [
  ...next,
  ...ts,
  {
    // Time comes from one injectable clock (lib/core/clock.ts) so that every suite passes on any date.
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx"],
    ignores: ["lib/core/clock.ts", "lib/routeros/simulator/**", "**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Read the time from clock.now() (lib/core/clock) so tests and the moved-clock stage can move it.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Use clock.ms() (lib/core/clock) for the time of day, performance.now() for elapsed time.",
        },
      ],
    },
  },
  {
    // On Node 20 a combined signal holds its sources weakly: AbortSignal.timeout inside AbortSignal.any can be
    // collected and never fire. lib/core/deadline.ts gives a deadline that always does.
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx", "scripts/**/*.ts"],
    ignores: ["lib/core/deadline.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "AbortSignal", property: "timeout", message: "Use deadlineSignal() from lib/core/deadline." },
        { object: "AbortSignal", property: "any", message: "Use deadlineSignal() from lib/core/deadline." },
      ],
    },
  },
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
