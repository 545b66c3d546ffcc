// nettrace's entry: builds the commander program, sets global options, and is the one place
// where errors become messages and exit codes.
import { Command, CommanderError, Option } from 'commander';
import { context, type Lang } from '../system/context.js';
import { NettraceError, ExitCode, InterruptedError, UsageError } from './errors.js';
import { installSignalHandlers } from '../system/signals.js';
import { runAllUndo } from '../system/undo.js';
import { t } from '../i18n/t.js';
import { defineLabCommands } from '../commands/lab.js';
import { registerExtraCommands } from './extra-commands.js';
import { takeActionExitCode } from './action.js';

/** Options every command accepts. */
export interface GlobalOptions {
  hostNs?: string;
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  lang?: string;
}

/** Build the program; `exit` receives the exit code of the action. */
export function buildProgram(): Command {
  const program = new Command('nettrace')
    .description('Tells where a packet stopped in a Linux namespace/bridge lab, and why.')
    .version('0.1.0')
    .addOption(new Option('--host-ns <name>', 'namespace that plays "the host" (default: the sandbox\'s, else this one)'))
    .option('--json', 'machine-readable output (same in every language)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-v, --verbose', 'echo every external command; show stack traces')
    .addOption(new Option('--lang <lang>', 'language of human output: en or ko (default from LANG)'))
    .showHelpAfterError()
    .exitOverride();
  program.hook('preAction', (_this, action) => applyGlobals(action.optsWithGlobals() as GlobalOptions));
  defineLabCommands(program);
  registerExtraCommands(program);
  return program;
}

function applyGlobals(opts: GlobalOptions): void {
  if (opts.verbose) context.verbose = true;
  if (opts.color === false || process.env.NO_COLOR) context.color = false;
  if (opts.lang !== undefined) {
    if (opts.lang !== 'en' && opts.lang !== 'ko') throw new UsageError('error.badLang', { value: opts.lang });
    context.lang = opts.lang as Lang;
  }
  if (opts.hostNs !== undefined) context.hostNsOverride = opts.hostNs;
}

/** Map any thrown value to a message on stderr and an exit code. */
export function reportError(error: unknown): number {
  // Refused after a signal: the signal handler prints the one sentence once cleanup is done.
  if (error instanceof InterruptedError) return error.exitCode;
  if (error instanceof NettraceError) {
    process.stderr.write(`nettrace: ${t(error.key, error.params)}\n`);
    if (context.verbose && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return ExitCode.usage; // commander already printed its one-line message
  }
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`nettrace: ${t('error.internal', { detail })}\n`);
  if (context.verbose && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Run the CLI with argv; resolves to the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  const program = buildProgram();
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = takeActionExitCode();
  } catch (error) {
    code = reportError(error);
  } finally {
    const failures = await runAllUndo();
    for (const f of failures) process.stderr.write(`nettrace: cleanup: ${f}\n`);
  }
  return code;
}
