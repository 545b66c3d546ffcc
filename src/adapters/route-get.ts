// The kernel's own routing decision (`ip -j route get`): the route a packet would take, or the
// error the kernel gives (errors are evidence — "Network is unreachable" is a missing route).
import type { NsName } from '../model/state.js';
import { formatCommand, run } from '../system/runner.js';
import { parseIpJsonArray, str, strList } from './ip-json.js';

/** The kernel errors route lookups give, by their RTNETLINK text. */
export type RouteGetError = 'Network is unreachable' | 'No route to host' | 'Invalid argument' | 'Permission denied' | (string & {});

/** A lookup the kernel answered with a route. */
export interface RouteGetSuccess {
  /** Discriminant: a route was found. */
  ok: true;
  /** Namespace the lookup ran in. */
  ns: NsName;
  /** The command that was run, as a user could paste it. */
  command: string;
  /** Route type (`unicast`, `local`, `broadcast`, …). */
  type: string;
  /** Destination asked for. */
  dst: string;
  /** Source given with `from`, if any. */
  from: string | null;
  /** Next hop, when the destination is not on-link. */
  gateway: string | null;
  /** Output device. */
  dev: string | null;
  /** Source address the kernel would pick. */
  prefsrc: string | null;
  /** Input interface given with `iif` (forwarding simulation), if any. */
  iif: string | null;
  /** Route flags. */
  flags: string[];
  /** Route-cache notes such as `redirect`. */
  cache: string[];
}

/** A lookup the kernel refused: the refusal itself is the evidence. */
export interface RouteGetFailure {
  /** Discriminant: no route. */
  ok: false;
  /** Namespace the lookup ran in. */
  ns: NsName;
  /** The command that was run. */
  command: string;
  /** The kernel's error text without the `RTNETLINK answers:` prefix. */
  error: RouteGetError;
}

/** Either answer of a route lookup. */
export type RouteGetResult = RouteGetSuccess | RouteGetFailure;

/** Optional parts of a lookup: a source address and/or an input interface (simulates forwarding). */
export interface RouteGetOptions {
  from?: string;
  iif?: string;
}

/** `route get DST [from SRC] [iif IF]` as ip arguments after `-j` (also a line of an ip batch). */
export function routeGetArgs(dst: string, options: RouteGetOptions = {}): string[] {
  const args = ['route', 'get', dst];
  if (options.from) args.push('from', options.from);
  if (options.iif) args.push('iif', options.iif);
  return ['-j', ...args];
}

// Ask the kernel of `ns` how it would route to `dst` (never throws for a kernel refusal).
export async function routeGet(ns: NsName, dst: string, options: RouteGetOptions = {}): Promise<RouteGetResult> {
  const result = await run('ip', routeGetArgs(dst, options), { netns: ns, check: false });
  return parseRouteGet(result.stdout, result.stderr, result.exitCode, ns, formatCommand(result.argv));
}

// Pure: stdout/stderr/exit code of `ip -j route get` → success or failure.
export function parseRouteGet(stdout: string, stderr: string, exitCode: number | null, ns: NsName, command: string): RouteGetResult {
  if (exitCode !== 0) return { ok: false, ns, command, error: errorText(stderr, exitCode) };
  const first = parseIpJsonArray(stdout, 'ip route get')[0];
  if (!first) return { ok: false, ns, command, error: 'empty answer' };
  return {
    ok: true,
    ns,
    command,
    type: str(first, 'type') ?? 'unicast',
    dst: str(first, 'dst') ?? '',
    from: str(first, 'from'),
    gateway: str(first, 'gateway'),
    dev: str(first, 'dev'),
    prefsrc: str(first, 'prefsrc'),
    iif: str(first, 'iif'),
    flags: strList(first, 'flags'),
    cache: strList(first, 'cache'),
  };
}

function errorText(stderr: string, exitCode: number | null): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (!line) return exitCode === null ? 'timed out' : `exit ${exitCode}`;
  return line.replace(/^RTNETLINK answers:\s*/, '').replace(/^Error:\s*/, '');
}
