// Which mounts a dockerd left under its own directories (overlay layers, the data-root bind, container netns
// files), read from /proc/self/mountinfo so that cleanup can unmount them before removing the directories.
import { readFile } from 'node:fs/promises';

/** One line of /proc/self/mountinfo, reduced to what cleanup needs. */
export interface MountEntry {
  /** Mount point, with the kernel's octal escapes (`\040` for space) decoded. */
  mountPoint: string;
  /** Filesystem type (`overlay`, `nsfs`, `ext4`, …). */
  fsType: string;
}

function unescapeMountPath(value: string): string {
  return value.replace(/\\([0-7]{3})/g, (_whole, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parse /proc/self/mountinfo text (pure). */
export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const separator = fields.indexOf('-');
    if (fields.length < 10 || separator < 6) continue;
    entries.push({ mountPoint: unescapeMountPath(fields[4]), fsType: fields[separator + 1] });
  }
  return entries;
}

/** Mount points at or below any of `roots`, deepest first (the order they must be unmounted in). */
export function mountsUnder(entries: readonly MountEntry[], roots: readonly string[]): string[] {
  const clean = roots.map((root) => root.replace(/\/+$/, '')).filter((root) => root !== '');
  const inside = entries
    .map((entry) => entry.mountPoint)
    .filter((point) => clean.some((root) => point === root || point.startsWith(`${root}/`)));
  const unique = [...new Set(inside)];
  return unique.sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}

/** Read this process's mount table (dockerd runs in the same mount namespace: nsenter only changes the netns). */
export async function readMountinfo(): Promise<MountEntry[]> {
  return parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
}
