// Parsers of recorded `docker inspect`, `docker network inspect` and `docker ps` output (dockerd 20.10 in the sandbox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  attachBridges, bridgeNameOf, parseDockerInspect, parseDockerNetworks, parseDockerPs,
} from '../../src/adapters/docker-inspect.js';
import { dockerSocketFrom } from '../../src/adapters/docker.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/docker/${name}`, import.meta.url), 'utf8');

test('PINK and ORANGE on the default bridge: names, pids, netns paths, addresses', () => {
  const [pink, orange] = parseDockerInspect(fixture('inspect-pink-orange.json'));
  assert.equal(pink.name, 'PINK');
  assert.equal(pink.id.slice(0, 12), '72cff9939e92');
  assert.equal(pink.pid, 6779);
  assert.equal(pink.netnsPath, '/proc/6779/ns/net');
  assert.equal(pink.image, 'nettrace/busybox:1');
  assert.deepEqual(pink.networks.map((n) => [n.network, n.ipAddress, n.prefixLength, n.gateway]), [['bridge', '172.17.0.2', 16, '172.17.0.1']]);
  assert.equal(orange.networks[0].ipAddress, '172.17.0.3');
  assert.equal(orange.networks[0].macAddress, '02:42:ac:11:00:03');
});

test('a stopped container has no pid and no namespace; a second network is listed with its address', () => {
  const [orange, pink] = parseDockerInspect(fixture('inspect-orange-two-networks-pink-stopped.json'));
  assert.equal(pink.state, 'exited');
  assert.equal(pink.pid, null);
  assert.equal(pink.netnsPath, null);
  assert.equal(pink.networks[0].ipAddress, null);
  assert.equal(orange.state, 'running');
  assert.deepEqual(orange.networks.map((n) => n.network).sort(), ['bridge', 'h4quiet']);
  assert.equal(orange.networks.find((n) => n.network === 'h4quiet')?.ipAddress, '172.30.0.2');
});

test('networks: docker0 for the default bridge, br-<id12> for a user network, icc and subnets read', () => {
  const [bridge, quiet] = parseDockerNetworks(fixture('network-inspect.json'));
  assert.equal(bridge.bridge, 'docker0');
  assert.deepEqual(bridge.subnets, ['172.17.0.0/16']);
  assert.deepEqual(bridge.gateways, ['172.17.0.1']);
  assert.equal(bridge.icc, true);
  assert.equal(bridge.masquerade, true);
  assert.equal(quiet.name, 'h4quiet');
  assert.equal(quiet.bridge, 'br-87d7e0262907');
  assert.equal(quiet.icc, false);
  assert.equal(quiet.internal, false);
  assert.equal(bridgeNameOf({ id: 'abc', driver: 'bridge', options: { 'com.docker.network.bridge.name': 'h4q' } }), 'h4q');
  assert.equal(bridgeNameOf({ id: 'abc', driver: 'host', options: {} }), null);
});

test('attachBridges names the bridge device behind each attachment', () => {
  const [orange] = parseDockerInspect(fixture('inspect-orange-two-networks-pink-stopped.json'));
  const withBridges = attachBridges(orange, parseDockerNetworks(fixture('network-inspect.json')));
  const byNetwork = Object.fromEntries(withBridges.networks.map((n) => [n.network, n.bridge]));
  assert.deepEqual(byNetwork, { bridge: 'docker0', h4quiet: 'br-87d7e0262907' });
});

test('docker ps JSON lines list every container with its state', () => {
  assert.deepEqual(parseDockerPs(fixture('ps-orange-pink-stopped.jsonl')).map((c) => [c.name, c.state]), [['ORANGE', 'running'], ['PINK', 'exited']]);
  assert.equal(parseDockerPs(fixture('ps-pink-orange.jsonl'))[1].id.length, 64);
  assert.deepEqual(parseDockerPs(''), []);
});

test('socket from argument or DOCKER_HOST; tcp hosts refused', () => {
  assert.equal(dockerSocketFrom('/tmp/x.sock', {}), '/tmp/x.sock');
  assert.equal(dockerSocketFrom(null, { DOCKER_HOST: 'unix:///run/nettrace/docker.sock' }), '/run/nettrace/docker.sock');
  assert.throws(() => dockerSocketFrom(null, { DOCKER_HOST: 'tcp://10.0.0.1:2375' }), /docker\.badHost/);
  assert.throws(() => dockerSocketFrom(undefined, {}), /docker\.noSocket/);
});
