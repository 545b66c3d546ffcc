// Undo stack for side effects: whatever a run creates registers its removal here, so that a normal end,
// an error and a signal (SIGINT/SIGTERM) all remove it.
import { killAllChildren, runAsUndo, settleInflight } from './runner.js';

type UndoFn = () => Promise<void> | void;
const stack: { label: string; fn: UndoFn }[] = [];
/** Undos the normal flow is running right now (handle.run): a signal's drain waits for them before exiting. */
const inProgress = new Set<Promise<void>>();

/** A registered undo: run it now, or drop it once the change is meant to stay. */
export interface UndoHandle {
  /** Run (and unregister) this undo. */
  run(): Promise<void>;
  /** Unregister without running (the change is kept). */
  discard(): void;
}

/** Register how to undo a change. */
export function pushUndo(label: string, fn: UndoFn): UndoHandle {
  const entry = { label, fn };
  stack.push(entry);
  const take = () => {
    const i = stack.indexOf(entry);
    if (i >= 0) stack.splice(i, 1);
    return i >= 0;
  };
  return {
    run: async () => {
      if (!take()) return;
      const running = Promise.resolve(runAsUndo(entry.fn));
      inProgress.add(running);
      try {
        await running;
      } finally {
        inProgress.delete(running);
      }
    },
    discard: () => {
      take();
    },
  };
}

let draining: Promise<string[]> | null = null;

/** Run every pending undo, newest first; failures are collected, never thrown midway. Concurrent callers
 * (the signal handler and main's finally) share one drain, so neither exits while the other still undoes. */
export function runAllUndo(): Promise<string[]> {
  draining ??= drainUndo().finally(() => { draining = null; });
  return draining;
}

async function drainUndo(): Promise<string[]> {
  const failures: string[] = [];
  // A command still running (a rule being added in another namespace) must land before its undo runs.
  await settleInflight();
  while (stack.length > 0 || inProgress.size > 0) {
    const entry = stack.pop();
    if (!entry) {
      await Promise.allSettled([...inProgress]);
      continue;
    }
    try {
      await runAsUndo(entry.fn);
    } catch (error) {
      failures.push(`${entry.label}: ${(error as Error).message}`);
    }
  }
  killAllChildren('SIGTERM');
  return failures;
}

/** Number of pending undo entries (tests check that a run leaves 0). */
export function pendingUndoCount(): number {
  return stack.length;
}
