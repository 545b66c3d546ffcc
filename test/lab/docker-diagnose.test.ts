// Docker's causes diagnosed by `nettrace ping --json` against the real sandbox dockerd, each fix run as printed
// and then checked with a plain ping from the container's namespace: a hand-made DROP in DOCKER-USER, a network
// with icc=false, isolation between two networks, Docker's policy DROP breaking br0's replies, and a container's
// own fault fixed through /proc/<pid>/ns/net after the run's nt-c-* name is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { isRoot, nettrace, nettraceJson, netnsList, pings } from '../helpers/cli.js';
import { runDocker } from '../../src/docker/cli.js';
import { createNetwork, runContainer, BUSYBOX_IMAGE } from '../../src/docker/image.js';

const SOCKET = '/run/nettrace/docker.sock';
const skip = !isRoot ? 'needs root' : !existsSync('/usr/sbin/dockerd') ? 'dockerd (docker.io) not installed' : false;
const started = Date.now();

/** Pid of a container's main process (its namespace is /proc/<pid>/ns/net). */
async function pidOf(name: string): Promise<number> {
  return Number((await runDocker(SOCKET, ['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim());
}

/** Address of a container on one network. */
async function addressOf(name: string, network: string): Promise<string> {
  return (await runDocker(SOCKET, ['inspect', '--format', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name])).stdout.trim();
}

/** Plain `ping -c1` from a container's namespace (entered by pid, as a user would after the run). */
async function containerPings(name: string, dst: string): Promise<boolean> {
  const r = await execa('nsenter', [`--net=/proc/${await pidOf(name)}/ns/net`, 'ping', '-n', '-c', '1', '-W', '1', dst], { reject: false });
  return r.exitCode === 0;
}

/** Run each printed fix command as a shell would. */
async function runFixes(commands: string[]): Promise<void> {
  for (const command of commands) {
    const r = await execa('sh', ['-c', command], { reject: false });
    assert.equal(r.exitCode, 0, `${command}: ${r.stderr}`);
  }
}

before(async () => {
  if (skip) return;
  const up = await nettrace(['lab', 'up', '--sandbox', '--docker']);
  assert.equal(up.code, 0, up.stderr);
  await createNetwork(SOCKET, { name: 'quiet', subnet: '172.30.0.0/24', icc: false });
  await createNetwork(SOCKET, { name: 'other', subnet: '172.31.0.0/24' });
  for (const [name, network] of [['TEAL', 'quiet'], ['CYAN', 'quiet'], ['LIME', 'other']]) await runContainer(SOCKET, { name, network, image: BUSYBOX_IMAGE });
});

after(async () => {
  if (skip) return;
  const down = await nettrace(['lab', 'down']);
  process.stdout.write(`# docker-diagnose: ${Date.now() - started} ms including lab up/down\n`);
  assert.equal(down.code, 0, down.stderr);
});

test('a DROP inserted by hand into DOCKER-USER: named, and its fix (delete exactly that rule) lets PINK reach ORANGE', { skip }, async () => {
  const pink = await addressOf('PINK', 'bridge');
  const orange = await addressOf('ORANGE', 'bridge');
  await execa('ip', ['netns', 'exec', 'nt-host', 'iptables', '-I', 'DOCKER-USER', '-s', pink, '-j', 'DROP']);
  try {
    assert.equal(await containerPings('PINK', orange), false);
    const { code, json } = await nettraceJson(['ping', 'PINK', 'ORANGE']);
    assert.equal(code, 1);
    assert.equal(json.cause.kind, 'forward-drop');
    assert.equal(json.cause.namespace, 'nt-host');
    assert.match(json.cause.detail, /DOCKER-USER/);
    assert.match(json.cause.detail, /added by hand/);
    assert.deepEqual(json.fix, [`ip netns exec nt-host iptables -t filter -D DOCKER-USER -s ${pink}/32 -j DROP`]);
    await runFixes(json.fix);
    assert.ok(await containerPings('PINK', orange));
  } finally {
    // The fix under test removes the rule; if an assertion failed first, the later tests must not inherit it.
    await execa('ip', ['netns', 'exec', 'nt-host', 'iptables', '-D', 'DOCKER-USER', '-s', pink, '-j', 'DROP'], { reject: false });
  }
});

test('icc=false on a second network: TEAL → CYAN named with the network, and the printed DOCKER-USER rule lets it through', { skip }, async () => {
  const cyan = await addressOf('CYAN', 'quiet');
  assert.equal(await containerPings('TEAL', cyan), false);
  const { code, json } = await nettraceJson(['ping', 'TEAL', 'CYAN']);
  assert.equal(code, 1);
  assert.equal(json.cause.kind, 'forward-drop');
  assert.match(json.cause.detail, /Docker network quiet \(bridge br-[0-9a-f]{12}\)/);
  assert.match(json.cause.detail, /enable_icc=false/);
  assert.equal(json.fix.length, 1);
  assert.match(json.fix[0], /^ip netns exec nt-host iptables -t filter -I DOCKER-USER 1 -s 172\.30\.0\.\d+\/32 -d 172\.30\.0\.\d+\/32 -i br-\w+ -o br-\w+ -j ACCEPT$/);
  await runFixes(json.fix);
  assert.ok(await containerPings('TEAL', cyan));
});

test('two networks: PINK → LIME named as Docker\'s isolation, the fix is docker network connect on the lab socket, and it reaches', { skip }, async () => {
  const lime = await addressOf('LIME', 'other');
  const { code, json } = await nettraceJson(['ping', 'PINK', 'LIME']);
  assert.equal(code, 1);
  assert.equal(json.cause.kind, 'forward-drop');
  assert.match(json.cause.detail, /from Docker network bridge \(docker0\) to network other \(br-[0-9a-f]{12}\)/);
  assert.deepEqual(json.fix, [`docker -H unix://${SOCKET} network connect other PINK`]);
  await runFixes(json.fix);
  assert.ok(await containerPings('PINK', lime));
});

test('a fault inside PINK: the fix enters /proc/<pid>/ns/net (the run\'s nt-c-* name is gone) and works', { skip }, async () => {
  const pid = await pidOf('PINK');
  await execa('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', 'route', 'del', 'default']);
  const { code, json } = await nettraceJson(['ping', 'PINK', '203.0.113.8']);
  assert.equal(code, 1);
  assert.deepEqual([json.cause.kind, json.cause.namespace], ['no-route', 'PINK']);
  assert.doesNotMatch(JSON.stringify(json), /nt-c-/);
  assert.deepEqual((await netnsList()).filter((name) => name.startsWith('nt-c-')), []);
  assert.ok(json.fix.every((command: string) => command.startsWith(`nsenter --net=/proc/${pid}/ns/net ip `)), json.fix.join('\n'));
  await runFixes(json.fix);
  assert.ok(await containerPings('PINK', '203.0.113.8'));
});

test('Docker\'s FORWARD policy DROP breaking br0 (the lab without its -d rule): Docker named, the DOCKER-USER fix works', { skip }, async () => {
  await execa('ip', ['netns', 'exec', 'nt-host', 'iptables', '-D', 'FORWARD', '-d', '11.11.11.0/24', '-m', 'comment', '--comment', 'nettrace:lab', '-j', 'ACCEPT']);
  assert.equal(await pings('RED', '203.0.113.8'), false);
  const { code, json } = await nettraceJson(['ping', 'RED', '203.0.113.8']);
  assert.equal(code, 1);
  assert.equal(json.cause.kind, 'forward-drop');
  assert.deepEqual(json.stopped_at.direction, 'reply');
  assert.match(json.cause.detail, /Docker set that policy/);
  assert.deepEqual(json.fix, ['ip netns exec nt-host iptables -t filter -I DOCKER-USER 1 -d 11.11.11.0/24 -i eth0 -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']);
  await runFixes(json.fix);
  assert.ok(await pings('RED', '203.0.113.8'));
});
