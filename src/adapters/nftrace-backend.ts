// Which iptables backend a trace runs on, found once per process: the iptables binary is the same file in
// every namespace, so neither the namespace nor a second run of `iptables -V` can change the answer.
import { realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import { whichTool } from '../system/preflight.js';
import { run, type NetnsRef } from '../system/runner.js';
import type { IptablesBackend } from '../model/netfilter.js';

// The backend a resolved iptables binary implements (`xtables-nft-multi`, `iptables-legacy`, …), null if the name does not say.
export function backendFromBinary(path: string): IptablesBackend | null {
  const name = basename(path);
  if (/^(xtables-nft-multi|iptables-nft)$/.test(name)) return 'nf_tables';
  if (/^(xtables-legacy-multi|iptables-legacy)$/.test(name)) return 'legacy';
  return null;
}

// The backend from `iptables -V` output ("(nf_tables)" or "(legacy)").
export function backendFromVersion(stdout: string): IptablesBackend {
  return /nf_tables/.test(stdout) ? 'nf_tables' : 'legacy';
}

async function resolveOnPath(file: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const found = await whichTool(file, env.PATH ?? '');
  return found ? realpath(found).catch(() => null) : null;
}

let detected: Promise<IptablesBackend> | null = null;

// The backend forced by NETTRACE_IPTABLES, else that of the `iptables` on PATH (its symlink target, or `iptables -V`), cached.
export function detectIptablesBackend(netns: NetnsRef, env: NodeJS.ProcessEnv = process.env): Promise<IptablesBackend> {
  if (env.NETTRACE_IPTABLES === 'legacy') return Promise.resolve('legacy');
  if (env.NETTRACE_IPTABLES === 'nft') return Promise.resolve('nf_tables');
  detected ??= (async () => {
    const binary = await resolveOnPath('iptables', env);
    const known = binary ? backendFromBinary(binary) : null;
    if (known) return known;
    const { stdout } = await run('iptables', ['-V'], { netns });
    return backendFromVersion(stdout);
  })();
  const answer = detected;
  answer.catch(() => { if (detected === answer) detected = null; });
  return answer;
}
