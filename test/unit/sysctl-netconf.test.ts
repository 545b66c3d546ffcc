// `ip netconf` (read in the ip batch) gives the same forwarding/rp_filter/ip_forward values as /proc/sys,
// on recorded pairs taken at the same moment (fixtures/sysctl/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSysctls, sysctlsFromNetconf } from '../../src/adapters/sysctl.js';

const read = (name: string) => readFileSync(new URL(`../../fixtures/sysctl/${name}`, import.meta.url), 'utf8');

for (const [ns, netconf, proc] of [['RED', 'netconf.RED.json', 'proc.RED.txt'], ['nt-host', 'netconf.nt-host.json', 'proc.nt-host.txt'], ['nt-host', 'netconf-rp.nt-host.json', 'proc-rp.nt-host.txt']] as const) {
  test(`netconf equals /proc/sys: ${netconf}`, () => {
    const fromProc = parseSysctls(read(proc), ns);
    assert.ok(Object.keys(fromProc.forwarding).length >= 3, 'the recording is not empty');
    assert.deepEqual(sysctlsFromNetconf(read(netconf), ns), fromProc);
  });
}

test('the values are the kernel\'s: strict/loose rp_filter, forwarding off in a plain namespace', () => {
  const rp = sysctlsFromNetconf(read('netconf-rp.nt-host.json'), 'nt-host');
  assert.equal(rp.rpFilter.all, 1);
  assert.equal(rp.rpFilter.eth0, 2);
  assert.equal(rp.ipForward, 1);
  assert.equal(sysctlsFromNetconf(read('netconf.RED.json'), 'RED').ipForward, 0);
  assert.equal(sysctlsFromNetconf(read('netconf.RED.json'), 'RED').bridgeNfCallIptables, null);
});
