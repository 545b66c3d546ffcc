// The temporary raw-table TRACE rules of a netfilter trace, used where nettrace cannot have its own trace
// table (nftrace-table.ts: `nft` is not installed): built (pure), added, and found again by their
// `nettrace:<run>` comment so that a finally block — or `nettrace cleanup` after a crash — removes them.
//
// The rules trace only this run's probe: a u32 match on the payload mark (bpf-filter.ts), one rule for the
// echo request/reply (pattern at ICMP offset 24) and one for ICMP errors quoting it (offset 8 + quoted IHL + 24).
import { run, type NetnsRef } from '../system/runner.js';
import { iptablesCommands } from '../system/iptables-bin.js';
import { PATTERN_ICMP_OFFSET, type ProbeMark } from '../capture/bpf-filter.js';
import { buildRestoreInput, deleteCommandOf } from './nftrace-restore.js';

/** Comment prefix of every rule nettrace adds. */
export const TAG_PREFIX = 'nettrace:';

/** The raw chains a trace rule goes into: PREROUTING (arriving) and OUTPUT (locally sent). */
export const TRACE_CHAINS = ['PREROUTING', 'OUTPUT'] as const;

/** A tagged rule found in `iptables-save` output. */
export interface TaggedRule {
  table: string;
  chain: string;
  /** The rule's tokens after `-A CHAIN` (quotes removed), for `iptables -D CHAIN …`. */
  spec: string[];
  /** The comment, e.g. `nettrace:1a2b3c`. */
  tag: string;
  /** The line as iptables-save printed it. */
  text: string;
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

// The u32 expressions matching the mark in an echo and in an ICMP error quoting it.
export function traceU32Matches(mark: ProbeMark): string[] {
  const [w0, w1] = mark.words;
  const icmp = '0>>22&0x3C@';
  const quoted = `${icmp}8>>22&0x3C@`;
  const off = PATTERN_ICMP_OFFSET;
  return [
    `${icmp}${off}=${hex(w0)}&&${icmp}${off + 4}=${hex(w1)}`,
    `${quoted}${off + 8}=${hex(w0)}&&${quoted}${off + 12}=${hex(w1)}`,
  ];
}

// `iptables` argument lists inserting the run's TRACE rules at the top of raw PREROUTING and OUTPUT.
export function buildTraceRuleArgs(runTag: string, mark: ProbeMark): string[][] {
  const tag = `${TAG_PREFIX}${runTag}`;
  const out: string[][] = [];
  for (const chain of TRACE_CHAINS) {
    traceU32Matches(mark).forEach((u32, i) => {
      out.push(['-t', 'raw', '-I', chain, String(i + 1), '-p', 'icmp', '-m', 'u32', '--u32', u32,
        '-m', 'comment', '--comment', tag, '-j', 'TRACE']);
    });
  }
  return out;
}

// Split an iptables-save rule line into tokens, honouring double quotes and backslash escapes.
export function splitSaveLine(line: string): string[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    tokens.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  }
  return tokens;
}

// Every rule of an `iptables-save` text whose comment starts with `tagPrefix`.
export function findTaggedRules(saveText: string, tagPrefix: string = TAG_PREFIX): TaggedRule[] {
  const found: TaggedRule[] = [];
  let table = '';
  for (const raw of saveText.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    if (!line.startsWith('-A ')) continue;
    const tokens = splitSaveLine(line);
    const at = tokens.indexOf('--comment');
    const comment = at >= 0 ? tokens[at + 1] ?? '' : '';
    if (!comment.startsWith(tagPrefix)) continue;
    found.push({ table, chain: tokens[1], spec: tokens.slice(2), tag: comment, text: line });
  }
  return found;
}

// The restore payload adding (`-I`) or removing (`-D`) exactly the run's TRACE rules, in one transaction.
export function buildTraceRestoreInput(runTag: string, mark: ProbeMark, op: 'add' | 'delete'): string {
  const commands = buildTraceRuleArgs(runTag, mark).map((args) => args.slice(2));
  return buildRestoreInput('raw', op === 'add' ? commands : commands.map(deleteCommandOf));
}

async function restore(netns: NetnsRef, input: string): Promise<void> {
  await run(iptablesCommands().restore, ['-w', '--noflush'], { netns, input });
}

// Insert the run's TRACE rules with one `iptables-restore --noflush` (all or none); on a failure make sure none stays, rethrow.
export async function addTraceRules(netns: NetnsRef, runTag: string, mark: ProbeMark): Promise<void> {
  try {
    await restore(netns, buildTraceRestoreInput(runTag, mark, 'add'));
  } catch (error) {
    await removeTaggedRules(netns, `${TAG_PREFIX}${runTag}`).catch(() => []);
    throw error;
  }
}

/** What removeTraceRules knows about the add. */
export interface RemoveTraceOptions {
  /** Whether addTraceRules succeeded (the rules are expected in the table). */
  added: boolean;
}

// Remove the run's TRACE rules with one restore of their `-D` lines; falls back to finding them by tag
// (one is gone already).
export async function removeTraceRules(netns: NetnsRef, runTag: string, mark: ProbeMark, options: RemoveTraceOptions): Promise<void> {
  // An add interrupted while in flight (SIGINT/SIGTERM during arming) may have landed without being recorded
  // as added: then this run's rules are found by their tag (a no-op when none landed).
  if (!options.added) {
    await removeTaggedRules(netns, `${TAG_PREFIX}${runTag}`).catch(() => []);
    return;
  }
  try {
    await restore(netns, buildTraceRestoreInput(runTag, mark, 'delete'));
  } catch {
    await removeTaggedRules(netns, `${TAG_PREFIX}${runTag}`);
  }
}

// Delete every TRACE rule in raw PREROUTING/OUTPUT whose comment starts with `tagPrefix` (never a lab's own
// tagged rules) and that `select` accepts (cleanup: only rules of runs that are gone); returns what went.
// One restore removes them all; if it fails (a concurrent cleanup took one), they go one by one.
export async function removeTaggedRules(netns: NetnsRef, tagPrefix: string = TAG_PREFIX, select: (rule: TaggedRule) => boolean = () => true): Promise<TaggedRule[]> {
  const { iptables, save } = iptablesCommands();
  const { stdout } = await run(save, ['-t', 'raw'], { netns });
  const rules = findTaggedRules(stdout, tagPrefix).filter((r) => (TRACE_CHAINS as readonly string[]).includes(r.chain) && r.spec.includes('TRACE') && select(r));
  if (rules.length === 0) return rules;
  const batch = await restore(netns, buildRestoreInput('raw', rules.map((r) => ['-D', r.chain, ...r.spec]))).then(() => true, () => false);
  if (batch) return rules;
  const removed: TaggedRule[] = [];
  for (const rule of rules) {
    const r = await run(iptables, ['-w', '-t', rule.table, '-D', rule.chain, ...rule.spec], { netns, check: false });
    if (r.exitCode === 0) removed.push(rule);
  }
  return removed;
}
