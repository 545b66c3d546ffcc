// Shared helpers of the iproute2 adapters: read `ip -j` output and mark evidence as unavailable.
import type { Unavailable } from '../model/state.js';

/** A value, or the reason it could not be gathered. */
export type Maybe<T> = T | Unavailable;

// Build the "could not gather" marker with its reason.
export function unavailable(reason: string): Unavailable {
  return { unavailable: true, reason };
}

// Tell a gathered value from an Unavailable marker (type guard for every Maybe<T>).
export function isUnavailable(value: unknown): value is Unavailable {
  return typeof value === 'object' && value !== null && (value as Unavailable).unavailable === true;
}

// `ip -j` prints `[]`, or nothing at all when there is nothing to list: both mean an empty list.
export function parseIpJsonArray(text: string, what: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw new Error(`${what}: output is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new Error(`${what}: expected a JSON array`);
  return value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

// Read a string field, or null when absent or of another type (or when `record` is null: ip's nested
// arrays such as addr_info are not filtered, and a null element crashed the parser).
export function str(record: Record<string, unknown>, key: string): string | null {
  const value = (record as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : null;
}

// Read a numeric field, or null when absent or of another type.
export function num(record: Record<string, unknown>, key: string): number | null {
  const value = (record as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// Read a list of strings (e.g. `flags`), empty when absent.
export function strList(record: Record<string, unknown>, key: string): string[] {
  const value = (record as Record<string, unknown> | null | undefined)?.[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

// Turn any thrown value into one sentence for an Unavailable reason.
export function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'params' in error) {
    const params = (error as { params: Record<string, unknown> }).params;
    if (typeof params.command === 'string' && typeof params.detail === 'string') return `${params.command}: ${params.detail}`;
    if (typeof params.tool === 'string') return `${params.tool} is not installed`;
  }
  return error instanceof Error ? error.message : String(error);
}
