// Undo stack for side effects: whatever a run creates registers its removal here, so that a normal end,
// an error and a signal (SIGINT/SIGTERM) all remove it.
import { killAllChildren } from './runner.js';

type UndoFn = () => Promise<void> | void;
const stack: { label: string; fn: UndoFn }[] = [];

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
      if (take()) await entry.fn();
    },
    discard: () => {
      take();
    },
  };
}

/** Run every pending undo, newest first; failures are collected, never thrown midway. */
export async function runAllUndo(): Promise<string[]> {
  const failures: string[] = [];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    try {
      await entry.fn();
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
