// `lab up`: validate, compare the wanted objects with what nettrace owns, then remove and create only
// the difference; the record is written ahead, and a failure or signal rolls this change back.
import { validateLab } from './validate.js';
import { mergeSandbox, SANDBOX } from './sandbox.js';
import { stagesOf, type LabSpec } from './spec.js';
import { resolveLab } from './resolve.js';
import { objectKey, type LabObject } from './objects.js';
import { readRecord, writeRecord, deleteRecord, type LabRecord } from './record.js';
import { acquireLabLock } from './lock.js';
import { findConflicts, namespacesOf } from './conflicts.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { createObjects, readPreviousValues, removeObjects } from './execute.js';
import { EnvironmentError, UsageError } from '../cli/errors.js';
import { pushUndo } from '../system/undo.js';
import type { NsName } from '../model/state.js';

/** What the user asked `lab up` for. */
export interface LabUpRequest {
  /** The lab description (not yet merged with the sandbox). */
  spec: LabSpec;
  /** Target stage (null = the last stage). */
  stage: string | null;
  /** Build inside the sandbox (nt-host/nt-wan). */
  sandbox: boolean;
  /** Host namespace when not in the sandbox (null = nettrace's own). */
  hostNs: NsName;
}

/** What `lab up` did. */
export interface LabUpOutcome {
  name: string;
  stage: string;
  sandbox: boolean;
  hostNs: NsName;
  added: number;
  removed: number;
}

/** Check the description and the stage; returns the description as it will be applied. */
export function prepareLab(req: LabUpRequest): { applied: LabSpec; stage: string; hostNs: NsName } {
  const problems = validateLab(req.spec);
  if (problems.length > 0) throw new UsageError('lab.invalid', { detail: problems.join('; ') });
  const stages = stagesOf(req.spec);
  const stage = req.stage ?? stages[stages.length - 1]!;
  if (!stages.includes(stage)) throw new UsageError('lab.badStage', { value: stage, stages: stages.join(', ') });
  const applied = req.sandbox ? mergeSandbox(req.spec) : req.spec;
  if (req.sandbox) {
    const again = validateLab(applied);
    if (again.length > 0) throw new UsageError('lab.invalid', { detail: again.join('; ') });
  }
  return { applied, stage, hostNs: req.sandbox ? SANDBOX.hostNs : req.hostNs };
}

function sameLab(record: LabRecord, name: string, sandbox: boolean, hostNs: NsName): boolean {
  return record.name === name && record.sandbox === sandbox && record.hostNs === hostNs;
}

/** Bring the lab to the requested stage, changing only what differs. */
export async function labUp(req: LabUpRequest): Promise<LabUpOutcome> {
  const { applied, stage, hostNs } = prepareLab(req);
  const release = await acquireLabLock();
  try {
    const record = await readRecord();
    if (record && !sameLab(record, applied.name, req.sandbox, hostNs)) {
      throw new EnvironmentError('lab.otherLab', { name: record.name });
    }
    const desired = resolveLab(applied, stage, hostNs);
    const owned = record?.objects ?? [];
    const desiredKeys = new Set(desired.map(objectKey));
    const ownedKeys = new Set(owned.map(objectKey));
    const toRemove = owned.filter((o) => !desiredKeys.has(objectKey(o)));
    const toAddRaw = desired.filter((o) => !ownedKeys.has(objectKey(o)));
    const outcome: LabUpOutcome = { name: applied.name, stage, sandbox: req.sandbox, hostNs, added: toAddRaw.length, removed: toRemove.length };
    if (toRemove.length === 0 && toAddRaw.length === 0) {
      if (record && record.stage !== stage) await writeRecord({ ...record, stage });
      return outcome;
    }
    const labNs = namespacesOf(desired);
    if (hostNs !== null && !labNs.has(hostNs) && !(await collectNamespaceNames()).includes(hostNs)) {
      throw new EnvironmentError('lab.hostNsMissing', { name: hostNs });
    }
    const conflicts = await findConflicts(toAddRaw, labNs, namespacesOf(owned));
    if (conflicts.length > 0) {
      const first = conflicts[0]!;
      throw new EnvironmentError('lab.conflict', { kind: first.kind, name: conflicts.map((c) => c.name).join('", "') });
    }
    const toAdd = await readPreviousValues(toAddRaw, labNs);
    const base: LabRecord = record ?? { version: 1, name: applied.name, stage, sandbox: req.sandbox, hostNs, spec: applied, objects: [], updated: '' };
    const kept = owned.filter((o) => desiredKeys.has(objectKey(o)));
    await writeRecord({ ...base, objects: [...owned, ...toAdd] });
    const rollback = pushUndo('roll back lab up', async () => {
      await removeObjects(toAdd);
      if (kept.length === 0 && !record) await deleteRecord();
      else await writeRecord({ ...base, objects: kept });
    });
    try {
      await removeObjects(toRemove);
      await createObjects(toAdd);
    } catch (error) {
      await rollback.run();
      throw error;
    }
    rollback.discard();
    const byKey = new Map<string, LabObject>([...kept, ...toAdd].map((o) => [objectKey(o), o]));
    await writeRecord({ ...base, stage, spec: applied, objects: desired.map((o) => byKey.get(objectKey(o)) ?? o) });
    return outcome;
  } finally {
    await release();
  }
}

/** Remove everything the record says nettrace created; a no-op without a record. */
export async function labDown(): Promise<{ removed: number; name: string | null }> {
  const release = await acquireLabLock();
  try {
    const record = await readRecord();
    if (!record) return { removed: 0, name: null };
    await removeObjects(record.objects);
    await deleteRecord();
    return { removed: record.objects.length, name: record.name };
  } finally {
    await release();
  }
}
