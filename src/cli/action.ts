// Glue between commander actions and exit codes: an action returns its code, main() collects it.
let lastCode = 0;

/** Wrap a command implementation so that its returned exit code reaches main(). */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    lastCode = await fn(...args);
  };
}

/** Read and reset the exit code of the last action. */
export function takeActionExitCode(): number {
  const code = lastCode;
  lastCode = 0;
  return code;
}
