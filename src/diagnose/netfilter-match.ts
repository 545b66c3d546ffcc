// Whether one iptables rule matches the simulated ICMP packet: yes, no, or unknown (a match we do
// not understand that the known matches do not already rule out — reported, never guessed).
import type { IptablesRule } from '../model/netfilter.js';
import { prefixContains } from './ipv4.js';

/** The packet as netfilter sees it in one hook of one namespace. */
export interface SimPacket {
  src: string;
  dst: string;
  /** ICMP echo request (the probe) or echo reply (the answer). */
  icmpType: 'echo-request' | 'echo-reply';
  /** `-i` (null in OUTPUT). */
  inIface: string | null;
  /** `-o` (null in PREROUTING/INPUT). */
  outIface: string | null;
  /** Conntrack state in this namespace. */
  ctstate: 'NEW' | 'ESTABLISHED' | 'INVALID';
  /** For bridged frames (br_netfilter): the bridge ports, matched by `-m physdev`. */
  physIn?: string | null;
  physOut?: string | null;
}

/** Result of matching one rule. */
export type MatchResult = 'yes' | 'no' | 'unknown';

const KNOWN_OPTIONS = new Set([
  '-s', '--source', '-d', '--destination', '-i', '--in-interface', '-o', '--out-interface', '-p', '--protocol',
  '-m', '--match', '--ctstate', '--state', '--comment', '--icmp-type',
  '--physdev-in', '--physdev-out', '--physdev-is-in', '--physdev-is-out', '--physdev-is-bridged',
]);
const KNOWN_MODULES = new Set(['conntrack', 'state', 'comment', 'icmp', 'physdev']);
const ICMP_TYPE_NUMBERS: Record<string, string> = { 'echo-request': '8', 'echo-reply': '0' };

// Interface names with a trailing `+` match by prefix, as in iptables.
function matchesIface(pattern: string, actual: string | null): boolean {
  if (actual === null) return false;
  return pattern.endsWith('+') ? actual.startsWith(pattern.slice(0, -1)) : actual === pattern;
}

// The rule's tokens before its target, with the value after each option.
function matchTokens(rule: IptablesRule): string[] {
  const end = rule.args.findIndex((token) => token === '-j' || token === '-g' || token === '--jump' || token === '--goto');
  return end === -1 ? rule.args : rule.args.slice(0, end);
}

// True when the rule uses an option or module outside what this simulator evaluates.
export function hasUnknownMatch(rule: IptablesRule): boolean {
  if (rule.args.length === 0) return rule.match.hasUnknownMatch;
  const tokens = matchTokens(rule);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if ((token === '-m' || token === '--match') && !KNOWN_MODULES.has(tokens[i + 1] ?? '')) return true;
    if (token.startsWith('-') && token !== '!' && !KNOWN_OPTIONS.has(token)) return true;
  }
  return false;
}

// Value (and negation) of an option in the rule's tokens: `! --icmp-type 8` → {value:'8', negated:true}.
function optionValue(tokens: string[], option: string): { value: string | null; negated: boolean } | undefined {
  const index = tokens.indexOf(option);
  if (index === -1) return undefined;
  const next = tokens[index + 1];
  const negated = tokens[index - 1] === '!' || next === '!';
  const value = next === '!' ? tokens[index + 2] : next;
  return { value: value !== undefined && !value.startsWith('-') ? value : null, negated };
}

// `--icmp-type` and `-m physdev` are read from the tokens (the shared RuleMatch does not carry them).
function matchesExtras(tokens: string[], packet: SimPacket): boolean {
  const icmp = optionValue(tokens, '--icmp-type');
  if (icmp?.value) {
    const wanted = icmp.value.split('/')[0];
    const hit = wanted === 'any' || wanted === packet.icmpType || wanted === ICMP_TYPE_NUMBERS[packet.icmpType];
    if (hit === icmp.negated) return false;
  }
  const bridged = packet.physIn !== undefined && packet.physIn !== null;
  const checks: Array<[string, (value: string | null) => boolean]> = [
    ['--physdev-in', (value) => value !== null && matchesIface(value, packet.physIn ?? null)],
    ['--physdev-out', (value) => value !== null && matchesIface(value, packet.physOut ?? null)],
    ['--physdev-is-bridged', () => bridged],
    ['--physdev-is-in', () => bridged],
    ['--physdev-is-out', () => bridged && packet.physOut !== null && packet.physOut !== undefined],
  ];
  for (const [option, test] of checks) {
    const found = optionValue(tokens, option);
    if (found && test(found.value) === found.negated) return false;
  }
  return true;
}

// The known matches; false as soon as one of them rules the packet out.
function matchesKnown(rule: IptablesRule, packet: SimPacket): boolean {
  const match = rule.match;
  if (match.src && prefixContains(match.src.cidr, packet.src) === match.src.negated) return false;
  if (match.dst && prefixContains(match.dst.cidr, packet.dst) === match.dst.negated) return false;
  if (match.inIface && matchesIface(match.inIface.name, packet.inIface) === match.inIface.negated) return false;
  if (match.outIface && matchesIface(match.outIface.name, packet.outIface) === match.outIface.negated) return false;
  if (match.protocol) {
    const name = match.protocol.name.toLowerCase();
    const isIcmp = name === 'icmp' || name === '1' || name === 'all' || name === '0';
    if (isIcmp === match.protocol.negated) return false;
  }
  if (match.ctstate && match.ctstate.states.includes(packet.ctstate) === match.ctstate.negated) return false;
  return matchesExtras(matchTokens(rule), packet);
}

// One rule against one packet.
export function matchRule(rule: IptablesRule, packet: SimPacket): MatchResult {
  if (!matchesKnown(rule, packet)) return 'no';
  return hasUnknownMatch(rule) ? 'unknown' : 'yes';
}
