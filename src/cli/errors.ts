// Typed errors: every failure a user can meet is one of these, mapped to an exit code in one place (cli/main.ts).
import type { MessageKey } from '../i18n/catalog.js';

/** Exit codes of CONTRACT.md. */
export const ExitCode = {
  ok: 0,
  notReached: 1,
  usage: 2,
  environment: 3,
  interrupted: 130,
} as const;

/** Base of every expected error: a catalog key and its parameters, rendered in the user's language. */
export class NettraceError extends Error {
  /** Exit code the CLI ends with. */
  readonly exitCode: number;
  /** Message catalog key. */
  readonly key: MessageKey;
  /** Values substituted into the message. */
  readonly params: Record<string, string | number>;
  constructor(exitCode: number, key: MessageKey, params: Record<string, string | number> = {}, cause?: unknown) {
    super(`${key} ${JSON.stringify(params)}`, cause === undefined ? undefined : { cause });
    this.exitCode = exitCode;
    this.key = key;
    this.params = params;
  }
}

/** Bad input from the user: unknown endpoint, bad address, bad file (exit 2). */
export class UsageError extends NettraceError {
  constructor(key: MessageKey, params: Record<string, string | number> = {}, cause?: unknown) {
    super(ExitCode.usage, key, params, cause);
  }
}

/** The environment cannot do it: not root, a tool missing, no such lab (exit 3). */
export class EnvironmentError extends NettraceError {
  constructor(key: MessageKey, params: Record<string, string | number> = {}, cause?: unknown) {
    super(ExitCode.environment, key, params, cause);
  }
}

/** An external command failed where nettrace needed it to succeed (exit 3: the system refused). */
export class CommandFailedError extends NettraceError {
  constructor(command: string, detail: string, cause?: unknown) {
    super(ExitCode.environment, 'error.commandFailed', { command, detail }, cause);
  }
}

/** SIGINT/SIGTERM arrived; cleanup already ran (exit 130). */
export class InterruptedError extends NettraceError {
  constructor(signal: string) {
    super(ExitCode.interrupted, 'error.interrupted', { signal });
  }
}
