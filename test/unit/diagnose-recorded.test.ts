// The diagnosis on real recorded outputs (fixtures/ip, fixtures/sysctl, fixtures/iptables: a lab
// built by hand at the tutorial's complete stage, host = h2host, WAN = h2wan) parsed by the real
// adapters: it reaches, and hand-made faults on that evidence give their cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLinks } from '../../src/adapters/ip-link.js';
import { parseAddresses } from '../../src/adapters/ip-addr.js';
import { parseRoutes } from '../../src/adapters/ip-route.js';
import { parseNeighbors } from '../../src/adapters/ip-neigh.js';
import { parseNsidMap } from '../../src/adapters/ip-netns.js';
import { parseSysctls } from '../../src/adapters/sysctl.js';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { resolveSnapshotPeers } from '../../src/adapters/namespace-state.js';
import type { Snapshot } from '../../src/adapters/snapshot.js';
import { evidenceFromSnapshot } from '../../src/diagnose/evidence-from-snapshot.js';
import { diagnoseFromConfig } from '../../src/diagnose/diagnose-config.js';
import type { FlowDestination, FlowSource } from '../../src/diagnose/evidence.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string): string => readFileSync(join(root, 'fixtures', path), 'utf8');

// Every namespace of the recording, parsed as `lab status`/`diagnose` would gather it.
function recordedSnapshot(): Snapshot {
  const states = ['h2host', 'h2red', 'h2blue', 'h2wan'].map((ns) => ({
    ns,
    links: parseLinks(read(`ip/hand-built/${ns}.link.json`), ns),
    nsids: parseNsidMap(read(`ip/hand-built/${ns}.netns-list-id.json`)),
    addresses: parseAddresses(read(`ip/hand-built/${ns}.addr.json`), ns),
    routes: parseRoutes(read(`ip/hand-built/${ns}.route.json`), ns),
    neighbors: parseNeighbors(read(`ip/hand-built/${ns}.neigh.json`), ns),
    sysctls: parseSysctls(read(`sysctl/hand-built.${ns}.txt`), ns),
    ruleset: parseIptablesSave(read(`iptables/hand-built.${ns}.nft.save`), ns),
  }));
  return { takenAt: '2026-11-28T23:03:35Z', namespaces: resolveSnapshotPeers(states) };
}

function diagnose(source: FlowSource, destination: FlowDestination, change?: (snapshot: Snapshot) => void) {
  const snapshot = recordedSnapshot();
  change?.(snapshot);
  const { evidence, missing } = evidenceFromSnapshot(snapshot, { hostNs: 'h2host', outside: ['h2wan'], source, destination });
  assert.deepEqual(missing, []);
  return diagnoseFromConfig(evidence);
}

test('recorded complete stage: RED → internet reaches through MASQUERADE and the -d rule', () => {
  const result = diagnose({ namespace: 'h2red' }, { address: '203.0.113.8' });
  assert.equal(result.verdict, 'reached', JSON.stringify(result.cause));
  assert.deepEqual(result.path.map((hop) => `${hop.namespace}:${hop.interface}`), ['h2red:reth0', 'h2host:reth1', 'h2host:br0', 'h2host:eth0']);
  assert.ok(result.netfilter.some((entry) => entry.verdict === 'MASQUERADE'));
});

test('recorded complete stage: host → RED and RED → BLUE reach', () => {
  assert.equal(diagnose({ namespace: 'h2host' }, { address: '11.11.11.2' }).verdict, 'reached');
  assert.equal(diagnose({ namespace: 'h2red' }, { address: '11.11.11.3' }).verdict, 'reached');
});

test('recorded lab: RED → 11.11.11.9 (nobody) is neighbor-unreachable in RED', () => {
  const result = diagnose({ namespace: 'h2red' }, { address: '11.11.11.9' });
  assert.equal(result.cause?.kind, 'neighbor-unreachable');
  assert.equal(result.cause?.namespace, 'h2red');
});

test('recorded lab without the -d rule: the reply is dropped by FORWARD in h2host, fix allows it', () => {
  const result = diagnose({ namespace: 'h2red' }, { address: '203.0.113.8' }, (snapshot) => {
    const host = snapshot.namespaces.find((state) => state.ns === 'h2host');
    const ruleset = host?.ruleset;
    if (!ruleset || 'unavailable' in ruleset) throw new Error('ruleset missing');
    ruleset.tables.filter.FORWARD.rules = ruleset.tables.filter.FORWARD.rules.filter((rule) => !rule.text.includes('-d 11.11.11.0/24'));
  });
  assert.equal(result.cause?.kind, 'forward-drop');
  assert.deepEqual(result.stopped_at, { namespace: 'h2host', interface: 'eth0', direction: 'reply' });
  assert.deepEqual(result.fix, ['ip netns exec h2host iptables -t filter -A FORWARD -d 11.11.11.0/24 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']);
});
