// Which files `read` reads: explicit files and every *.pcap/*.pcapng of a directory, the namespace/interface
// encoded in `<namespace>-<interface>.pcap` names, and the verdict of a saved run's evidence.json.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One file to read and where it was captured, when its name says so. */
export interface CaptureInput {
  /** Path to open. */
  path: string;
  /** Name shown to the user and in JSON (`RED-reth0.pcap`). */
  file: string;
  namespace: string | null;
  interface: string | null;
}

/** An argument that named no readable file: missing path or a directory without captures. */
export interface InputProblem {
  path: string;
  kind: 'missing' | 'no-pcaps';
}

/** The expanded arguments. */
export interface ReadInputs {
  files: CaptureInput[];
  problems: InputProblem[];
  /** Directories (given, or holding given files) with an evidence.json. */
  evidenceDirs: string[];
}

/** Split `<namespace>-<interface>.pcap` (or .pcapng) at its last dash (namespaces like nt-host contain dashes, interface names rarely do). */
export function parseCaptureFileName(name: string): { namespace: string; interface: string } | null {
  const match = /^(.+)-([^-]+)\.pcap(ng)?$/.exec(name);
  if (match === null) return null;
  return { namespace: match[1], interface: match[2] };
}

async function isDirectory(path: string): Promise<boolean | null> {
  try { return (await stat(path)).isDirectory(); } catch { return null; }
}

async function hasEvidence(dir: string): Promise<boolean> {
  return (await isDirectory(join(dir, 'evidence.json'))) === false;
}

function inputFor(path: string, named: boolean): CaptureInput {
  const file = basename(path);
  const parsed = named ? parseCaptureFileName(file) : null;
  return { path, file, namespace: parsed?.namespace ?? null, interface: parsed?.interface ?? null };
}

/** Expand files and directories (a directory → its *.pcap and *.pcapng in name order); names are parsed for
 * files found in a directory, or given inside a directory that holds a saved run's evidence.json. */
export async function expandReadInputs(args: readonly string[]): Promise<ReadInputs> {
  const out: ReadInputs = { files: [], problems: [], evidenceDirs: [] };
  const addEvidence = (dir: string): void => { if (!out.evidenceDirs.includes(dir)) out.evidenceDirs.push(dir); };
  for (const arg of args) {
    const dir = await isDirectory(arg);
    if (dir === null) { out.problems.push({ path: arg, kind: 'missing' }); continue; }
    if (!dir) {
      const saved = await hasEvidence(dirname(arg));
      if (saved) addEvidence(dirname(arg));
      out.files.push(inputFor(arg, saved));
      continue;
    }
    const names = (await readdir(arg)).filter((n) => n.endsWith('.pcap') || n.endsWith('.pcapng')).sort();
    if (names.length === 0) out.problems.push({ path: arg, kind: 'no-pcaps' });
    for (const name of names) out.files.push(inputFor(join(arg, name), true));
    if (await hasEvidence(arg)) addEvidence(arg);
  }
  return out;
}

/** The verdict of a saved run (`evidence.json` → `result.verdict`), or null when absent/unreadable. */
export async function readSavedVerdict(dir: string): Promise<'reached' | 'unreachable' | null> {
  try {
    const data = JSON.parse(await readFile(join(dir, 'evidence.json'), 'utf8')) as { result?: { verdict?: unknown } };
    const verdict = data?.result?.verdict;
    return verdict === 'reached' || verdict === 'unreachable' ? verdict : null;
  } catch {
    return null;
  }
}
