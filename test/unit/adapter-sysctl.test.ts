// Sysctls read from /proc/sys inside each namespace of the hand-built lab (fixtures/sysctl/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { effectiveRpFilter, parseSysctls } from '../../src/adapters/sysctl.js';

const read = (name: string) => readFileSync(new URL(`../../fixtures/sysctl/${name}`, import.meta.url), 'utf8');

test('the host namespace forwards, has rp_filter all=2 and bridged frames go through iptables', () => {
  const info = parseSysctls(read('hand-built.h2host.txt'), 'h2host');
  assert.equal(info.ns, 'h2host');
  assert.equal(info.ipForward, 1);
  assert.equal(info.bridgeNfCallIptables, 1);
  assert.equal(info.rpFilter.all, 2);
  assert.equal(info.rpFilter.br0, 0);
  assert.equal(info.forwarding.br0, 1);
  assert.deepEqual(Object.keys(info.forwarding).sort(), ['all', 'beth1', 'br0', 'default', 'eth0', 'h2a', 'h2b', 'lo', 'reth1']);
  assert.equal(effectiveRpFilter(info, 'br0'), 2);
});

test('a fresh lab namespace does not forward', () => {
  const info = parseSysctls(read('hand-built.h2red.txt'), 'h2red');
  assert.equal(info.ipForward, 0);
  assert.equal(info.forwarding.reth0, 0);
  assert.equal(effectiveRpFilter(info, 'reth0'), 0);
  assert.equal(effectiveRpFilter(info, 'nosuch'), 0);
});

test('without br_netfilter the bridge setting is null, not 0', () => {
  const text = read('hand-built.h2red.txt').split('\n').filter((l) => !l.includes('/net/bridge/')).join('\n');
  const info = parseSysctls(text, 'h2red');
  assert.equal(info.bridgeNfCallIptables, null);
  assert.equal(info.ipForward, 0);
  assert.equal(effectiveRpFilter(parseSysctls('', null), 'lo'), null);
});
