/* Plain constants of the portal shared by the browser forms and the server's zod schemas (rules.ts), without zod. */

export const MIN_PASSWORD = 10;
