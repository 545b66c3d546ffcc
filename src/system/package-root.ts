// Locates files shipped with nettrace (the tutorial lab) whether it runs from src/ (tsx) or dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The directory holding nettrace's package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'fixtures'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the nettrace package root');
    dir = up;
  }
  cached = dir;
  return dir;
}
