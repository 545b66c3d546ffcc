// Validation of names that reach the kernel or the file system (namespaces, interfaces, containers).
import { UsageError } from '../cli/errors.js';

const NETNS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/** True for a namespace name that is safe as a /run/netns file name (no `/`, no `..`, no shell characters). */
export function isValidNetnsName(name: string): boolean {
  return NETNS.test(name) && name !== '.' && !name.includes('..');
}

/** True for a valid Linux interface name (≤ 15 characters, no `/` or spaces). */
export function isValidIfName(name: string): boolean {
  return IFNAME.test(name) && !name.includes('..');
}

/** Throw a UsageError when `name` is not a valid namespace name. */
export function assertNetnsName(name: string): void {
  if (!isValidNetnsName(name)) throw new UsageError('error.badName', { name, what: 'namespace', max: 63 });
}

/** Throw a UsageError when `name` is not a valid interface name. */
export function assertIfName(name: string): void {
  if (!isValidIfName(name)) throw new UsageError('error.badName', { name, what: 'interface', max: 15 });
}
