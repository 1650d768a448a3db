import pino from "pino";

/** JSON logs; secrets are redacted by path so a careless log line cannot leak them. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: ["password", "*.password", "passwordEncrypted", "*.passwordEncrypted", "token", "*.token", "secret", "*.secret"],
    censor: "[redacted]",
  },
});
