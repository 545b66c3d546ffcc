// Gives a container's network namespace a name in /run/netns for the length of one run
// (`ip netns attach nt-c-<name>-<pid> <container pid>`), so that path planning, captures and route lookups
// treat it like any named namespace (the nsid maps of nt-host then name it). The name carries nettrace's pid,
// so concurrent runs never share (and never delete) each other's names; `ip netns delete` of an attached
// name only unmounts it — the container is untouched. Removed in `finally` through the undo stack.
import { stat } from 'node:fs/promises';
import { run } from '../system/runner.js';
import { pushUndo } from '../system/undo.js';

/** Prefix of every per-run container namespace name (lab down removes leftovers with it). */
export const CONTAINER_NETNS_PREFIX = 'nt-c-';

const attached = new Map<string, Promise<string>>();
const owners = new Map<string, { name: string; pid: number }>();

/** Pure: the per-run /run/netns name of a container (valid netns name, at most 63 characters). */
export function containerNetnsName(container: string, pid: number = process.pid): string {
  const safe = container.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/\.\.+/g, '_').slice(0, 40);
  return `${CONTAINER_NETNS_PREFIX}${safe}-${pid}`;
}

/** True when two namespace files are the same namespace (same device and inode). */
async function sameNamespace(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

async function attach(name: string, pid: number): Promise<string> {
  const file = `/run/netns/${name}`;
  if (await sameNamespace(file, `/proc/${pid}/ns/net`)) return name;
  await run('ip', ['netns', 'delete', name], { check: false });
  await run('ip', ['netns', 'attach', name, String(pid)]);
  pushUndo(`detach ${name}`, async () => { await run('ip', ['netns', 'delete', name], { check: false }); });
  return name;
}

/** Name the container's namespace for this run (once per container and process); returns the name. */
export function attachContainerNetns(container: string, pid: number): Promise<string> {
  const name = containerNetnsName(container);
  let pending = attached.get(name);
  if (!pending) {
    pending = attach(name, pid);
    attached.set(name, pending);
    owners.set(name, { name: container, pid });
    pending.catch(() => { attached.delete(name); owners.delete(name); });
  }
  return pending;
}

/** The containers named for this run: namespace name, container name and pid (fix commands use the pid). */
export function attachedContainers(): { ns: string; name: string; pid: number }[] {
  return [...owners].map(([ns, owner]) => ({ ns, ...owner }));
}
