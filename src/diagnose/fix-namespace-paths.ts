// Fix commands for container namespaces must still work after the run: the `nt-c-<name>-<pid>` name
// nettrace gave a container's namespace is removed when the run ends, so a command naming it
// (`ip -n nt-c-…`, `ip netns exec nt-c-…`) is rewritten to enter `/proc/<pid>/ns/net` instead.
import type { ConfigEvidence } from './evidence.js';
import type { FixAction } from './fix-action.js';
import { containerNetnsPath } from './docker-context.js';
import { shellJoin } from './fix-commands.js';

// The same command entering `path` with nsenter instead of naming `ns` (unchanged when it names no namespace).
export function retargetCommand(command: string, ns: string, path: string): string {
  const forms: Array<[string, string]> = [
    [`${shellJoin(['ip', '-n', ns])} `, `${shellJoin(['nsenter', `--net=${path}`, 'ip'])} `],
    [`${shellJoin(['ip', 'netns', 'exec', ns])} `, `${shellJoin(['nsenter', `--net=${path}`])} `],
  ];
  for (const [prefix, replacement] of forms) if (command.startsWith(prefix)) return replacement + command.slice(prefix.length);
  return command;
}

// The command of one fix as the user must run it after this run (container namespaces by /proc path).
export function commandAfterRun(evidence: ConfigEvidence, fix: FixAction): string {
  const path = containerNetnsPath(evidence, fix.ns);
  return path && fix.ns !== null ? retargetCommand(fix.command, fix.ns, path) : fix.command;
}
