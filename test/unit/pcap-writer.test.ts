// Files from our pcap writer must be real pcap: tcpdump and tshark read them (every byte order/precision).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePcapFile } from '../../src/capture/pcap-writer.js';
import { run } from '../../src/system/runner.js';

const tmp = mkdtempSync(join(tmpdir(), 'h1-writer-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// A real Ethernet ARP request 198.51.100.1 → 198.51.100.2 (from fixtures/pcap/eth-ping.pcap).
const ARP = Buffer.from('ffffffffffff1e3c8bd70a6c08060001080006040001' + '1e3c8bd70a6c' + 'c6336401' + '000000000000' + 'c6336402', 'hex');

async function toolAvailable(tool: string): Promise<boolean> {
  try { await run(tool, ['--version'], { check: false, timeoutMs: 10000 }); return true; } catch { return false; }
}

const variants = [
  { byteOrder: 'LE', precision: 'micro' }, { byteOrder: 'BE', precision: 'micro' },
  { byteOrder: 'LE', precision: 'nano' }, { byteOrder: 'BE', precision: 'nano' },
] as const;

function writeVariant(v: (typeof variants)[number]): string {
  const path = join(tmp, `arp-${v.byteOrder}-${v.precision}.pcap`);
  const frac = v.precision === 'nano' ? 123456789 : 123456;
  writeFileSync(path, encodePcapFile([{ tsSec: 1700000000, tsFrac: frac, data: ARP }, { tsSec: 1700000001, tsFrac: 0, data: ARP }], v));
  return path;
}

test('tcpdump -r reads writer files in both byte orders and precisions', async (t) => {
  if (!(await toolAvailable('tcpdump'))) return t.skip('tcpdump is not installed');
  for (const v of variants) {
    const path = writeVariant(v);
    const r = await run('tcpdump', ['-nn', '-r', path, '--time-stamp-precision', v.precision === 'nano' ? 'nano' : 'micro', '-tt'], { check: false });
    assert.equal(r.exitCode, 0, `${path}: ${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0], v.precision === 'nano' ? /^1700000000\.123456789 ARP, Request who-has 198\.51\.100\.2 tell 198\.51\.100\.1/
      : /^1700000000\.123456 ARP, Request who-has 198\.51\.100\.2 tell 198\.51\.100\.1/);
  }
});

test('tshark -r reads writer files in both byte orders and precisions', async (t) => {
  if (!(await toolAvailable('tshark'))) return t.skip('tshark is not installed');
  for (const v of variants) {
    const path = writeVariant(v);
    const r = await run('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'arp.src.proto_ipv4', '-e', 'arp.dst.proto_ipv4'],
      { check: false, timeoutMs: 30000 });
    assert.equal(r.exitCode, 0, `${path}: ${r.stderr}`);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.equal(rows.length, 2);
    assert.equal(rows[0][0], v.precision === 'nano' ? '1700000000.123456789' : '1700000000.123456000');
    assert.deepEqual(rows[0].slice(1), ['198.51.100.1', '198.51.100.2']);
  }
});
