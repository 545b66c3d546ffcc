// Test helpers: run the built CLI as a user would, and run commands inside namespaces.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'dist', 'bin', 'nettrace.cjs');

/** Outcome of one CLI run. */
export interface CliResult { code: number; stdout: string; stderr: string }

/** Run `nettrace ARGS` (the built dist) and return exit code and output. */
export async function nettrace(args: string[], options: { env?: Record<string, string>; timeoutMs?: number; user?: string } = {}): Promise<CliResult> {
  const r = await execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', LANG: 'C', ...options.env }, timeout: options.timeoutMs ?? 120000, cwd: ROOT });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Run `nettrace ARGS --json` and parse stdout (throws with stderr when it is not JSON). */
export async function nettraceJson<T = any>(args: string[], options: { env?: Record<string, string> } = {}): Promise<{ code: number; json: T; stderr: string }> {
  const r = await nettrace([...args, '--json'], options);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

/** Run a command inside a namespace (nsenter), never throwing. */
export async function inNs(ns: string | null, file: string, args: string[], timeoutMs = 20000): Promise<CliResult> {
  const argv = ns ? ['nsenter', [`--net=/run/netns/${ns}`, '--', file, ...args]] as const : [file, args] as const;
  const r = await execa(argv[0], [...argv[1]], { reject: false, timeout: timeoutMs });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** True when plain `ping -c1` from `ns` to `dst` gets an answer within a second. */
export async function pings(ns: string | null, dst: string): Promise<boolean> {
  return (await inNs(ns, 'ping', ['-n', '-c', '1', '-W', '1', dst])).code === 0;
}

/** Namespaces currently in /run/netns. */
export async function netnsList(): Promise<string[]> {
  const r = await execa('ip', ['-j', 'netns', 'list'], { reject: false });
  const text = String(r.stdout).trim();
  return text ? (JSON.parse(text) as { name: string }[]).map((n) => n.name) : [];
}

/** tcpdump/xtables-monitor processes of nettrace runs in this test's mount namespace (other, isolated runs
 * on the same machine are not ours to count). */
export async function ourCaptureProcesses(): Promise<string[]> {
  const { readdir, readFile, readlink } = await import('node:fs/promises');
  const mine = await readlink('/proc/self/ns/mnt');
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const isOurs = (argv[0]?.endsWith('tcpdump') && argv.some((a) => a.includes('0x6e747263'))) || argv[0]?.endsWith('xtables-monitor');
    if (isOurs && (await readlink(`/proc/${pid}/ns/mnt`).catch(() => '')) === mine) found.push(`${pid} ${argv.join(' ')}`);
  }
  return found;
}

/** True when running as root (lab tests skip themselves otherwise). */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
