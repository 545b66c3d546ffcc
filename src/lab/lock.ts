// Serialises lab changes: one `lab up`/`lab down` at a time, with a clear message for the second one.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from './record.js';
import { EnvironmentError } from '../cli/errors.js';
import { pushUndo } from '../system/undo.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lab lock (stale locks of dead processes are taken over); returns its release function. */
export async function acquireLabLock(): Promise<() => Promise<void>> {
  await mkdir(stateDir(), { recursive: true });
  const path = join(stateDir(), 'lab.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      const undo = pushUndo('release lab lock', () => rm(path, { force: true }));
      return async () => undo.run();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isAlive(pid)) throw new EnvironmentError('error.locked', { pid });
      await rm(path, { force: true });
    }
  }
  throw new EnvironmentError('error.locked', { pid: '?' });
}
