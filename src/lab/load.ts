// Reads a lab description: the built-in tutorial lab or a user's LAB.json, with clear errors for bad files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { packageRoot } from '../system/package-root.js';
import type { LabSpec } from './spec.js';

/** Path of the tutorial lab shipped in fixtures/. */
export function tutorialLabPath(): string {
  return join(packageRoot(), 'fixtures', 'labs', 'tutorial.json');
}

/** Parse a lab file (validation happens in prepareLab). */
export async function loadLabFile(file: string): Promise<LabSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError('lab.badFile', { file, detail: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message });
  }
  try {
    return JSON.parse(text) as LabSpec;
  } catch (error) {
    throw new UsageError('lab.badFile', { file, detail: `not valid JSON (${(error as Error).message})` });
  }
}

/** The built-in tutorial lab. */
export async function loadTutorialLab(): Promise<LabSpec> {
  return loadLabFile(tutorialLabPath());
}
