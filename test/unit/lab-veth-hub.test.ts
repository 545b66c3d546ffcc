// orientVethsToHub: veth pairs are created from the namespace with the most veth ends (one ip batch there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orientVethsToHub } from '../../src/lab/execute.js';
import type { LabObject } from '../../src/lab/objects.js';

const veth = (ns: string | null, name: string, peerNs: string | null, peerName: string): LabObject => ({ kind: 'veth', ns, name, peerNs, peerName });

test('spoke-side veths are turned round to be created in the hub namespace', () => {
  const out = orientVethsToHub([veth('RED', 'reth0', 'nt-host', 'reth1'), veth('BLUE', 'beth0', 'nt-host', 'beth1'), veth('nt-host', 'eth0', 'nt-wan', 'wan0')]);
  assert.deepEqual(out, [veth('nt-host', 'reth1', 'RED', 'reth0'), veth('nt-host', 'beth1', 'BLUE', 'beth0'), veth('nt-host', 'eth0', 'nt-wan', 'wan0')]);
});

test('a lone pair and a same-namespace pair keep their orientation', () => {
  assert.deepEqual(orientVethsToHub([veth('A', 'a0', 'B', 'b0')]), [veth('A', 'a0', 'B', 'b0')]);
  assert.deepEqual(orientVethsToHub([veth('A', 'x', 'A', 'y'), veth('A', 'p', 'B', 'q')]), [veth('A', 'x', 'A', 'y'), veth('A', 'p', 'B', 'q')]);
});
