// `nettrace read <file.pcap|DIR>... [--json]`: offline analysis of saved captures.
// Gather (expand arguments) → stream each file through the decoder straight into the renderer (columns or
// JSON), so output starts at once and memory stays flat however big the files are; per-file problems are
// reported one sentence each on stderr and the rest is still read; exit 2 when nothing could be.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { ExitCode } from '../cli/errors.js';
import { streamCaptureFile } from '../capture/pcap-capture-file.js';
import { expandReadInputs, readSavedVerdict } from '../capture/pcap-inputs.js';
import { t } from '../i18n/t.js';
import { createChunkedOutput } from '../render/read-chunked-output.js';
import { createReadJsonRenderer } from '../render/read-json.js';
import { inputProblemMessage, readErrorMessage } from '../render/read-messages.js';
import { createReadTableRenderer } from '../render/read-table.js';
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

/** Read every capture named by `paths`, streaming the output; resolves to the exit code. */
export async function runRead(paths: readonly string[], options: ReadOptions,
  streams: ReadStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const inputs = await expandReadInputs(paths);
  for (const problem of inputs.problems) {
    streams.stderr.write(`nettrace: ${inputProblemMessage(problem.path, problem.kind)}\n`);
  }
  const out = createChunkedOutput(streams.stdout);
  const tty = (streams.stdout as { isTTY?: boolean }).isTTY === true;
  const renderer = options.json ? createReadJsonRenderer(out) : createReadTableRenderer(out, context.color && tty);
  let anyReadable = false;
  let stopped = false; // stdout went away (`read big.pcap | head`): stop reading instead of decoding for nobody
  for (const input of inputs.files) {
    if (stopped) break;
    const capture = { file: input.file, namespace: input.namespace, interface: input.interface };
    const sink = renderer.beginCapture(capture);
    const summary = await streamCaptureFile(input.path, { namespace: input.namespace, interface: input.interface },
      { ...sink, drain: async () => {
        const wish = await out.waitIfBlocked();
        stopped = wish === 'stop';
        return wish;
      } });
    renderer.endCapture(capture, summary);
    anyReadable ||= summary.readable;
    if (summary.error !== null) streams.stderr.write(`nettrace: ${readErrorMessage(input.path, summary)}\n`);
    if (summary.skippedShort > 0) {
      streams.stderr.write(`nettrace: ${t('read.skippedShort', { file: input.path, count: summary.skippedShort })}\n`);
    }
  }
  let verdict: 'reached' | 'unreachable' | null = null;
  for (const dir of inputs.evidenceDirs) verdict ??= await readSavedVerdict(dir);
  renderer.end(verdict);
  await out.finish();

  if (!anyReadable) {
    streams.stderr.write(`nettrace: ${t('read.nothingRead')}\n`);
    return ExitCode.usage;
  }
  return ExitCode.ok;
}
