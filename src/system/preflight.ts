// Checks done before touching the system: root, and the tools a command needs, each failing with
// one clear sentence (exit 3).
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../cli/errors.js';
import { packageForTool } from './tools.js';

/** Throw unless running as root (nettrace reads and changes namespaces). */
export function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new EnvironmentError('error.notRoot');
}

/** Absolute path of `tool` in PATH, or null. */
export async function whichTool(tool: string, pathEnv = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** Throw for the first of `tools` missing from PATH. */
export async function requireTools(tools: string[]): Promise<void> {
  for (const tool of tools) {
    if ((await whichTool(tool)) === null) throw new EnvironmentError('error.missingTool', { tool, package: packageForTool(tool) });
  }
}
