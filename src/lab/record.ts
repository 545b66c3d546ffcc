// The ownership record (/run/nettrace/lab.json): what lab is up and every object nettrace created,
// written before the objects are created so that `lab down` works after a crash.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabObject } from './objects.js';
import type { LabSpec } from './spec.js';
import type { NsName } from '../model/state.js';

/** Directory of nettrace's runtime state (overridable for tests). */
export function stateDir(): string {
  return process.env.NETTRACE_STATE_DIR ?? '/run/nettrace';
}

/** What is recorded about the lab that is up. */
export interface LabRecord {
  version: 1;
  /** Lab name (`tutorial` or the file's). */
  name: string;
  /** Current stage. */
  stage: string;
  /** Built with --sandbox. */
  sandbox: boolean;
  /** The namespace playing the host (null = the machine's own). */
  hostNs: NsName;
  /** The lab description as applied (sandbox parts merged in). */
  spec: LabSpec;
  /** Objects nettrace created, in creation order (with restore values). */
  objects: LabObject[];
  /** Docker daemon state when `--docker` was used (written by the Docker layer). */
  docker?: Record<string, unknown> | null;
  /** ISO time of the last change. */
  updated: string;
}

/** Read the record, or null when no lab is recorded (a damaged record is treated as absent only if empty). */
export async function readRecord(): Promise<LabRecord | null> {
  let text: string;
  try {
    text = await readFile(join(stateDir(), 'lab.json'), 'utf8');
  } catch {
    return null;
  }
  if (text.trim() === '') return null;
  return JSON.parse(text) as LabRecord;
}

/** Write the record atomically (write + rename). */
export async function writeRecord(record: LabRecord): Promise<void> {
  await mkdir(stateDir(), { recursive: true });
  const path = join(stateDir(), 'lab.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify({ ...record, updated: new Date().toISOString() }, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Remove the record (the lab is gone). */
export async function deleteRecord(): Promise<void> {
  await rm(join(stateDir(), 'lab.json'), { force: true });
  await rm(join(stateDir(), 'lab.json.tmp'), { force: true });
}
