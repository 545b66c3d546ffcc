// `nettrace read <file.pcap|DIR>... [--json]`: offline analysis of saved captures.
// Gather (expand arguments, stream and decode every file) → render (tables or JSON); per-file problems
// are reported one sentence each on stderr and the rest is still read; exit 2 when nothing could be.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { ExitCode } from '../cli/errors.js';
import { readCaptureFile } from '../capture/pcap-capture-file.js';
import { expandReadInputs, readSavedVerdict } from '../capture/pcap-inputs.js';
import { t } from '../i18n/t.js';
import { buildReadJson, renderReadJson, type NamedReadout } from '../render/read-json.js';
import { inputProblemMessage, readErrorMessage } from '../render/read-messages.js';
import { renderReadTables } from '../render/read-table.js';
import { context } from '../system/context.js';

/** Options of `read`. */
export interface ReadOptions {
  json?: boolean;
}

/** Streams `read` writes to (tests pass their own). */
export interface ReadStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Register `read`. */
export function defineReadCommand(program: Command): void {
  program
    .command('read')
    .description('analyse saved captures (ours from --save, or any tcpdump -w file) offline')
    .argument('<paths...>', 'pcap files, or directories of them (a saved run)')
    .option('--json', 'machine-readable output (CONTRACT.md "read --json")')
    .action(action(async (paths: string[], _opts: ReadOptions, cmd: Command) =>
      runRead(paths, cmd.optsWithGlobals() as ReadOptions)));
}

/** Read every capture named by `paths`; resolves to the exit code. */
export async function runRead(paths: readonly string[], options: ReadOptions,
  streams: ReadStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const inputs = await expandReadInputs(paths);
  for (const problem of inputs.problems) {
    streams.stderr.write(`nettrace: ${inputProblemMessage(problem.path, problem.kind)}\n`);
  }
  const readouts: NamedReadout[] = [];
  for (const input of inputs.files) {
    const readout = await readCaptureFile(input.path, { namespace: input.namespace, interface: input.interface });
    readouts.push({ file: input.file, readout });
    if (readout.error !== null) streams.stderr.write(`nettrace: ${readErrorMessage(input.path, readout)}\n`);
    if (readout.skippedShort > 0) {
      streams.stderr.write(`nettrace: ${t('read.skippedShort', { file: input.path, count: readout.skippedShort })}\n`);
    }
  }
  let verdict: 'reached' | 'unreachable' | null = null;
  for (const dir of inputs.evidenceDirs) verdict ??= await readSavedVerdict(dir);

  if (options.json) renderReadJson(buildReadJson(readouts, verdict), streams.stdout);
  else {
    const tty = (streams.stdout as { isTTY?: boolean }).isTTY === true;
    renderReadTables(readouts, verdict, streams.stdout, context.color && tty);
  }

  if (!readouts.some(({ readout }) => readout.readable)) {
    streams.stderr.write(`nettrace: ${t('read.nothingRead')}\n`);
    return ExitCode.usage;
  }
  return ExitCode.ok;
}
