// Splits one iptables-save rule line into tokens the way iptables-restore reads it
// (double quotes group words; a backslash escapes the next character).

// Pure: `-A FORWARD -m comment --comment "lab: allow ping" -j ACCEPT` → ['-A','FORWARD','-m','comment','--comment','lab: allow ping','-j','ACCEPT'].
export function tokenizeRule(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inToken = true;
    } else if (ch === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}
