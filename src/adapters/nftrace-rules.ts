// The temporary TRACE rules of a netfilter trace: built (pure), added, and found again by their
// `nettrace:<run>` comment so that a finally block — or `nettrace cleanup` after a crash — removes them.
//
// The rules trace only this run's probe: a u32 match on the payload mark (bpf-filter.ts), one rule for the
// echo request/reply (pattern at ICMP offset 24) and one for ICMP errors quoting it (offset 8 + quoted IHL + 24).
import { run, type NetnsRef } from '../system/runner.js';
import { iptablesCommands } from '../system/iptables-bin.js';
import { PATTERN_ICMP_OFFSET, type ProbeMark } from '../capture/bpf-filter.js';
import type { IptablesBackend } from '../model/netfilter.js';

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

// Which backend traces run on: the one forced by NETTRACE_IPTABLES, else `iptables -V` ("(nf_tables)" or "(legacy)").
export async function detectIptablesBackend(netns: NetnsRef, env: NodeJS.ProcessEnv = process.env): Promise<IptablesBackend> {
  if (env.NETTRACE_IPTABLES === 'legacy') return 'legacy';
  if (env.NETTRACE_IPTABLES === 'nft') return 'nf_tables';
  const { stdout } = await run('iptables', ['-V'], { netns });
  return /nf_tables/.test(stdout) ? 'nf_tables' : 'legacy';
}

// Insert the run's TRACE rules; on a partial failure remove what was added and rethrow.
export async function addTraceRules(netns: NetnsRef, runTag: string, mark: ProbeMark): Promise<void> {
  try {
    const { iptables } = iptablesCommands();
    for (const args of buildTraceRuleArgs(runTag, mark)) await run(iptables, ['-w', ...args], { netns });
  } catch (error) {
    await removeTaggedRules(netns, `${TAG_PREFIX}${runTag}`);
    throw error;
  }
}

// Delete every TRACE rule in raw PREROUTING/OUTPUT whose comment starts with `tagPrefix` (never a lab's own
// tagged rules) and that `select` accepts (cleanup: only rules of runs that are gone); returns what went.
export async function removeTaggedRules(netns: NetnsRef, tagPrefix: string = TAG_PREFIX, select: (rule: TaggedRule) => boolean = () => true): Promise<TaggedRule[]> {
  const { iptables, save } = iptablesCommands();
  const { stdout } = await run(save, ['-t', 'raw'], { netns });
  const rules = findTaggedRules(stdout, tagPrefix).filter((r) => (TRACE_CHAINS as readonly string[]).includes(r.chain) && r.spec.includes('TRACE') && select(r));
  for (const rule of rules) {
    await run(iptables, ['-w', '-t', rule.table, '-D', rule.chain, ...rule.spec], { netns });
  }
  return rules;
}

// Whether nf_tables has an `ip raw` table in the namespace (iptables-nft creates it on the first raw rule).
export async function rawTableExists(netns: NetnsRef): Promise<boolean> {
  const r = await run('nft', ['list', 'table', 'ip', 'raw'], { netns, check: false }).catch(() => null);
  return r?.exitCode === 0;
}

// Pure: true when an `nft list table ip raw` text has chains but no rule in any of them.
export function isRawTableEmpty(listing: string): boolean {
  return listing.split('\n').map((l) => l.trim())
    .every((l) => l === '' || l === '}' || l.startsWith('#') || /^table ip raw \{$/.test(l) || /^chain \S+ \{$/.test(l) || l.startsWith('type filter hook'));
}

// Remove the raw table a trace created, once no rule (of anyone) is left in it: a read-only run leaves no table behind.
export async function dropRawTableIfEmpty(netns: NetnsRef): Promise<void> {
  const listed = await run('nft', ['list', 'table', 'ip', 'raw'], { netns, check: false }).catch(() => null);
  if (!listed || listed.exitCode !== 0 || !isRawTableEmpty(listed.stdout)) return;
  await run('nft', ['delete', 'table', 'ip', 'raw'], { netns, check: false });
}
