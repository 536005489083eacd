/** A setting (flag or environment variable) that cannot be used; the message names it. */
export class ConfigError extends Error {}
