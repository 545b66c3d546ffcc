// Which namespace plays "the host": --host-ns, else the one a `lab up --sandbox` recorded, else
// nettrace's own namespace (null).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { context } from '../system/context.js';
import type { NsName } from '../model/state.js';

/** Where `lab up` keeps its record (NETTRACE_STATE_DIR overrides /run/nettrace, as src/lab does). */
export function labRecordPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.NETTRACE_STATE_DIR ?? '/run/nettrace', 'lab.json');
}

// Pure: the `hostNs` field of a lab record's text (null when absent, empty or unreadable).
export function hostNsFromRecord(text: string): NsName {
  try {
    const value = (JSON.parse(text) as { hostNs?: unknown }).hostNs;
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

// The host namespace every command should use (only reads; never checks that it exists).
export async function resolveHostNs(): Promise<NsName> {
  if (context.hostNsOverride !== undefined) return context.hostNsOverride;
  let text: string;
  try {
    text = await readFile(labRecordPath(), 'utf8');
  } catch {
    return null;
  }
  return hostNsFromRecord(text);
}
