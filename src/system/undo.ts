// Undo stack for side effects: whatever a run creates registers its removal here, so that a normal end,
// an error and a signal (SIGINT/SIGTERM) all remove it.
import { killAllChildren } from './runner.js';

type UndoFn = () => Promise<void> | void;
const stack: { label: string; fn: UndoFn }[] = [];

/** Register how to undo a change; returns a function that runs (and unregisters) just this undo. */
export function pushUndo(label: string, fn: UndoFn): () => Promise<void> {
  const entry = { label, fn };
  stack.push(entry);
  return async () => {
    const i = stack.indexOf(entry);
    if (i >= 0) {
      stack.splice(i, 1);
      await entry.fn();
    }
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
