// Reads the matches of one rule (the tokens after `-A CHAIN`) into the RuleMatch fields nettrace
// evaluates, and finds its target; anything else marks the rule as having an unknown match.
import type { RuleMatch } from '../model/netfilter.js';

/** The parts of a rule's arguments that evaluation needs. */
export interface ParsedRuleArgs {
  /** Understood matches (and whether any was not understood). */
  match: RuleMatch;
  /** `-j`/`-g` target, or null when the rule only counts. */
  target: string | null;
  /** True for `-g` (goto). */
  goto: boolean;
}

/** Match modules whose options nettrace reads; any other module is an unknown match. */
const coreOptions: Record<string, 'src' | 'dst' | 'in' | 'out' | 'proto'> = {
  '-s': 'src', '--source': 'src', '-d': 'dst', '--destination': 'dst',
  '-i': 'in', '--in-interface': 'in', '-o': 'out', '--out-interface': 'out',
  '-p': 'proto', '--protocol': 'proto',
};

/** Protocol modules that `-p X` loads implicitly: harmless without options of their own. */
const protocolModules = new Set(['tcp', 'udp', 'icmp', 'sctp', 'udplite']);

// Pure: rule tokens after `-A CHAIN` → matches, target, goto.
export function parseRuleArgs(args: readonly string[]): ParsedRuleArgs {
  const match: RuleMatch = { hasUnknownMatch: false };
  let target: string | null = null;
  let goto = false;
  let negate = false;
  let module: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '!') { negate = true; continue; }
    const core = coreOptions[token];
    if (core) {
      setCore(match, core, args[++i] ?? '', negate);
      module = null;
    } else if (token === '-m' || token === '--match') {
      module = args[++i] ?? '';
      if (module === 'physdev') match.physdev = true;
      else if (!['conntrack', 'state', 'comment'].includes(module) && !protocolModules.has(module)) match.hasUnknownMatch = true;
    } else if (token === '-j' || token === '--jump' || token === '-g' || token === '--goto') {
      target = args[++i] ?? null;
      goto = token === '-g' || token === '--goto';
      break; // what follows are the target's own options
    } else if (token.startsWith('-') && module !== null) {
      i = readModuleOption(match, module, token, args, i, negate);
    } else {
      match.hasUnknownMatch = true;
    }
    negate = false;
  }
  return { match, target, goto };
}

function setCore(match: RuleMatch, kind: 'src' | 'dst' | 'in' | 'out' | 'proto', value: string, negated: boolean): void {
  if (kind === 'src') match.src = { cidr: value, negated };
  else if (kind === 'dst') match.dst = { cidr: value, negated };
  else if (kind === 'in') match.inIface = { name: value, negated };
  else if (kind === 'out') match.outIface = { name: value, negated };
  else match.protocol = { name: value, negated };
}

// Returns the index of the last token consumed by this module option.
function readModuleOption(match: RuleMatch, module: string, option: string, args: readonly string[], i: number, negated: boolean): number {
  const value = args[i + 1];
  const hasValue = value !== undefined && value !== '!' && !value.startsWith('-');
  if ((module === 'conntrack' && option === '--ctstate') || (module === 'state' && option === '--state')) {
    match.ctstate = { states: (value ?? '').split(',').filter(Boolean), negated };
    return i + 1;
  }
  if (module === 'comment' && option === '--comment') {
    match.comment = value ?? '';
    return i + 1;
  }
  if (module !== 'physdev') match.hasUnknownMatch = true;
  return hasValue ? i + 1 : i;
}
