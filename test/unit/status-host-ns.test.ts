// Which namespace is "the host": --host-ns, else lab.json's hostNs, else nettrace's own (null).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostNsFromRecord, labRecordPath, resolveHostNs } from '../../src/status/host-ns.js';
import { context } from '../../src/system/context.js';

test('hostNsFromRecord reads hostNs and treats anything else as nettrace\'s own namespace', () => {
  assert.equal(hostNsFromRecord('{"version":1,"hostNs":"nt-host","sandbox":true}'), 'nt-host');
  assert.equal(hostNsFromRecord('{"hostNs":null}'), null);
  assert.equal(hostNsFromRecord('not json'), null);
  assert.equal(hostNsFromRecord(''), null);
});

test('resolveHostNs: override first, then the record, then null', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'h2-state-'));
  const savedDir = process.env.NETTRACE_STATE_DIR;
  const savedOverride = context.hostNsOverride;
  try {
    process.env.NETTRACE_STATE_DIR = dir;
    context.hostNsOverride = undefined;
    assert.equal(labRecordPath(), join(dir, 'lab.json'));
    assert.equal(await resolveHostNs(), null, 'no record');
    await writeFile(join(dir, 'lab.json'), JSON.stringify({ version: 1, hostNs: 'h2sandbox', sandbox: true }));
    assert.equal(await resolveHostNs(), 'h2sandbox');
    context.hostNsOverride = 'h2other';
    assert.equal(await resolveHostNs(), 'h2other');
  } finally {
    context.hostNsOverride = savedOverride;
    if (savedDir === undefined) delete process.env.NETTRACE_STATE_DIR;
    else process.env.NETTRACE_STATE_DIR = savedDir;
    await rm(dir, { recursive: true, force: true });
  }
});
