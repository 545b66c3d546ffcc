// Turns SIGINT/SIGTERM into: undo everything, kill children, exit 130.
import { runAllUndo } from './undo.js';
import { beginShutdown } from './runner.js';
import { t } from '../i18n/t.js';

let installed = false;
let exiting = false;

/** Install the handlers once; a second signal while cleaning up is ignored so cleanup can finish. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (exiting) return;
    exiting = true;
    // No new command starts from now on; those already running finish before the undo (see runAllUndo).
    beginShutdown(signal);
    void runAllUndo().finally(() => {
      process.stderr.write(`${t('error.interrupted', { signal })}\n`);
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}
