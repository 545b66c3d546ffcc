// `nettrace read`: directories of a saved run, per-file errors that leave the rest readable, exit codes, JSON, ko headings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRead } from '../../src/commands/read.js';
import { encodePcapFile } from '../../src/capture/pcap-writer.js';
import { parseCaptureFileName } from '../../src/capture/pcap-inputs.js';
import { context } from '../../src/system/context.js';
import { run } from '../../src/system/runner.js';
import type { ReadJson } from '../../src/render/read-json.js';
import { textSink } from '../helpers/text-sink.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = join(ROOT, 'fixtures/pcap');
const tmp = mkdtempSync(join(tmpdir(), 'h1-read-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


async function read(paths: string[], json: boolean) {
  const out = textSink(); const err = textSink();
  const code = await runRead(paths, { json }, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

function savedRun(): string {
  const dir = mkdtempSync(join(tmp, 'run-'));
  copyFileSync(join(FIX, 'eth-ping.pcap'), join(dir, 'nt-host-br0.pcap'));
  copyFileSync(join(FIX, 'any-sll2.pcap'), join(dir, 'RED-any.pcap'));
  copyFileSync(join(FIX, 'eth-nano.pcapng'), join(dir, 'BLUE-beth1.pcapng'));
  writeFileSync(join(dir, 'notes.txt'), 'not a capture'); // neither .pcap nor .pcapng: ignored
  const bytes = readFileSync(join(FIX, 'eth-unreachable.pcap'));
  writeFileSync(join(dir, 'BLUE-beth0.pcap'), bytes.subarray(0, bytes.length - 5));
  writeFileSync(join(dir, 'empty-x.pcap'), '');
  writeFileSync(join(dir, 'evidence.json'), JSON.stringify({ result: { verdict: 'unreachable', observations: [] } }));
  return dir;
}

test('file names <namespace>-<interface>.pcap split at the last dash', () => {
  assert.deepEqual(parseCaptureFileName('nt-host-br0.pcap'), { namespace: 'nt-host', interface: 'br0' });
  assert.deepEqual(parseCaptureFileName('RED-reth0.pcap'), { namespace: 'RED', interface: 'reth0' });
  assert.equal(parseCaptureFileName('capture.pcap'), null);
});

test('a saved run directory: every *.pcap read, names parsed, damaged ones reported, verdict from evidence.json', async () => {
  const r = await read([savedRun()], true);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout) as ReadJson;
  assert.equal(doc.verdict, 'unreachable');
  assert.deepEqual(doc.captures.map((c) => [c.file, c.namespace, c.interface, c.linktype, c.packets, c.observations.length, c.error?.kind ?? null]), [
    ['BLUE-beth0.pcap', 'BLUE', 'beth0', 1, 1, 1, 'truncated'],
    ['BLUE-beth1.pcapng', 'BLUE', 'beth1', 1, 2, 2, null],
    ['RED-any.pcap', 'RED', 'any', 276, 6, 6, null],
    ['empty-x.pcap', 'empty', 'x', null, 0, 0, 'empty'],
    ['nt-host-br0.pcap', 'nt-host', 'br0', 1, 6, 6, null],
  ]);
  const host = doc.captures[4].observations[2];
  assert.deepEqual([host.namespace, host.interface, host.protocol, host.type, host.direction, host.icmpId, host.icmpSeq],
    ['nt-host', 'br0', 'icmp', 'echo-request', 'request', 6599, 1]);
  assert.equal(doc.captures[2].observations[0].interface, null);
  assert.equal(doc.captures[2].observations[0].ifIndex, 2);
  assert.match(r.stderr, /BLUE-beth0\.pcap: the file is cut short .*the 1 packets before the cut were read/);
  assert.match(r.stderr, /empty-x\.pcap: the file is empty/);
  assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
});

test('non-pcap, missing and unknown-link-type files: one sentence each, exit 2 when nothing was readable', async () => {
  const user0 = join(tmp, 'user0.pcap');
  writeFileSync(user0, encodePcapFile([{ tsSec: 1, tsFrac: 0, data: Buffer.alloc(40) }], { linktype: 147 }));
  const text = join(tmp, 'notes.pcap');
  writeFileSync(text, 'these are my notes, not a capture\n');
  const r = await read([text, join(tmp, 'nope.pcap'), user0, tmp + '/no-such-dir/'], true);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 5, r.stderr);
  assert.match(r.stderr, /notes\.pcap: not a pcap file \(magic 0x74686573\); nettrace reads pcap and pcapng/);
  assert.match(r.stderr, /nope\.pcap: no such file or directory/);
  assert.match(r.stderr, /user0\.pcap: link type 147 cannot be decoded/);
  assert.match(lines[4], /No capture could be read\./);
  const doc = JSON.parse(r.stdout) as ReadJson;
  assert.deepEqual(doc.captures.map((c) => [c.file, c.error?.kind, c.packets]), [['notes.pcap', 'bad-magic', 0], ['user0.pcap', 'unsupported-linktype', 1]]);
  assert.equal(doc.verdict, null);
});

test('human output: one timeline per file with headings from the catalog (en and ko)', async () => {
  const saved = context.lang;
  try {
    context.lang = 'en';
    const en = await read([join(FIX, 'eth-unreachable.pcap')], false);
    assert.equal(en.code, 0);
    for (const h of ['time (ms)', 'interface', 'type', 'src → dst', 'id/seq']) assert.ok(en.stdout.includes(h), h);
    assert.match(en.stdout, /dest-unreachable \(3\/1\)/);
    assert.match(en.stdout, /\[198\.51\.100\.1 → 198\.51\.100\.2\]/);
    assert.match(en.stdout, /6672\/1/);
    context.lang = 'ko';
    const ko = await read([join(FIX, 'eth-unreachable.pcap')], false);
    for (const h of ['시각 (ms)', '인터페이스', '종류', '출발 → 목적']) assert.ok(ko.stdout.includes(h), h);
  } finally {
    context.lang = saved;
  }
});

test('the CLI registers read: exit 0 with JSON on stdout (pcap and pcapng), exit 2 for an empty file', async () => {
  const cli = ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts')];
  const ok = await run('node', [...cli, 'read', join(FIX, 'eth-ping.pcap'), '--json'], { check: false, timeoutMs: 30000 });
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as ReadJson).captures[0].observations.length, 6);
  const ng = await run('node', [...cli, 'read', join(FIX, 'merged-eth-sll2.pcapng'), '--json'], { check: false, timeoutMs: 30000 });
  assert.equal(ng.exitCode, 0, ng.stderr);
  assert.equal((JSON.parse(ng.stdout) as ReadJson).captures[0].observations.length, 12);
  const empty = join(tmp, 'empty.pcap');
  writeFileSync(empty, '');
  const bad = await run('node', [...cli, 'read', empty], { check: false, timeoutMs: 30000 });
  assert.equal(bad.exitCode, 2);
  assert.match(bad.stderr, /the file is empty/);
});
