// A real dockerd 20.10 inside a sandbox namespace (h4host, uplink to a WAN namespace h4wan that answers for
// 203.0.113.0/24): busybox image imported offline, PINK and ORANGE reach each other, the host and the WAN
// through MASQUERADE; a DOCKER-USER drop is seen in the counters; stop and crash cleanup leave nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { run } from '../../src/system/runner.js';
import { startDockerd, stopDockerd, type DockerdHandle } from '../../src/docker/daemon.js';
import { cleanupDockerLeftovers } from '../../src/docker/leftovers.js';
import { dockerPathsUnder } from '../../src/docker/paths.js';
import { importBusyboxImage, runContainer } from '../../src/docker/image.js';
import { resolveContainer } from '../../src/adapters/docker.js';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { recogniseDockerRules } from '../../src/docker/rule-layout.js';
import { listProcesses, pidsMentioning, signalPid, waitForExit } from '../../src/docker/processes.js';
import { mountsUnder, readMountinfo } from '../../src/docker/mountinfo.js';
import { runDocker } from '../../src/docker/cli.js';

const HOST = 'h4host';
const WAN = 'h4wan';
const BASE = '/tmp/h4-docker';
const CGROUP = 'nettrace-h4';
const paths = dockerPathsUnder(BASE);
const skip = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/sbin/dockerd') ? 'dockerd (docker.io) not installed' : false;
let daemon: DockerdHandle | undefined;

const ip = (args: string[]) => run('ip', args);
const ping = (netns: string, dst: string) => run('ping', ['-n', '-c', '1', '-W', '2', dst], { netns, check: false });
const dockerRules = async () => recogniseDockerRules(parseIptablesSave((await run('iptables-save', ['-c'], { netns: HOST })).stdout, HOST));

async function leftovers(): Promise<{ processes: number[]; mounts: string[]; files: boolean }> {
  return {
    processes: pidsMentioning(await listProcesses(), paths.execRoot),
    mounts: mountsUnder(await readMountinfo(), [BASE]),
    files: existsSync(BASE),
  };
}

async function removeNamespaces(): Promise<void> {
  for (const ns of [HOST, WAN]) await run('ip', ['netns', 'del', ns], { check: false });
}

before(async () => {
  if (skip) return;
  await cleanupDockerLeftovers(paths, { graceMs: 2000, cgroupParent: CGROUP });
  await removeNamespaces();
  await ip(['netns', 'add', HOST]);
  await ip(['netns', 'add', WAN]);
  await ip(['-n', HOST, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'wan0', 'netns', WAN]);
  await ip(['-n', HOST, 'addr', 'add', '10.0.2.15/24', 'dev', 'eth0']);
  await ip(['-n', WAN, 'addr', 'add', '10.0.2.2/24', 'dev', 'wan0']);
  for (const [ns, dev] of [[HOST, 'eth0'], [HOST, 'lo'], [WAN, 'wan0'], [WAN, 'lo']]) await ip(['-n', ns, 'link', 'set', dev, 'up']);
  await ip(['-n', HOST, 'route', 'add', 'default', 'via', '10.0.2.2']);
  await run('iptables', ['-t', 'nat', '-A', 'PREROUTING', '-i', 'wan0', '-d', '203.0.113.0/24', '-j', 'DNAT', '--to-destination', '10.0.2.2'], { netns: WAN });
  daemon = await startDockerd({ netns: HOST, ...paths, cgroupParent: CGROUP });
  process.stdout.write(`# dockerd ${daemon.version} answered ${daemon.startMs} ms after launch (attached)\n`);
  await importBusyboxImage(paths.socket);
  await runContainer(paths.socket, { name: 'PINK' });
  await runContainer(paths.socket, { name: 'ORANGE' });
});

after(async () => {
  if (skip) return;
  // Each step runs even when the one before throws: namespaces, mounts and cgroups must not outlive the file.
  try {
    if (daemon) await stopDockerd(daemon, { graceMs: 5000 });
  } finally {
    try {
      await cleanupDockerLeftovers(paths, { graceMs: 2000, cgroupParent: CGROUP });
    } finally {
      await removeNamespaces();
    }
  }
});

test('containers resolve to pid, /proc/<pid>/ns/net, address and bridge; unknown names list what exists', { skip }, async () => {
  const pink = await resolveContainer(paths.socket, 'PINK');
  assert.equal(pink.netnsPath, `/proc/${pink.pid}/ns/net`);
  assert.equal(pink.networks[0].bridge, 'docker0');
  assert.equal(pink.networks[0].gateway, '172.17.0.1');
  assert.match(pink.networks[0].ipAddress ?? '', /^172\.17\.0\.\d+$/);
  await assert.rejects(resolveContainer(paths.socket, 'NOPE'), (error: Error & { params?: Record<string, string> }) =>
    error.message.startsWith('docker.unknownContainer') && /ORANGE/.test(error.params?.known ?? '') && /PINK/.test(error.params?.known ?? ''));
});

test('PINK pings ORANGE, the host pings PINK, PINK reaches 203.0.113.8 through MASQUERADE', { skip }, async () => {
  const pink = await resolveContainer(paths.socket, 'PINK');
  const orange = await resolveContainer(paths.socket, 'ORANGE');
  assert.equal((await ping(pink.netnsPath!, orange.networks[0].ipAddress!)).exitCode, 0);
  assert.equal((await ping(HOST, pink.networks[0].ipAddress!)).exitCode, 0);
  assert.equal((await ping(pink.netnsPath!, '203.0.113.8')).exitCode, 0);
  const rules = await dockerRules();
  assert.equal(rules.layout, '20.10');
  const docker0 = rules.bridges.find((bridge) => bridge.bridge === 'docker0');
  assert.equal(docker0?.masquerade?.source, '172.17.0.0/16');
  assert.ok((docker0?.masquerade?.rule.packets ?? 0) >= 1, 'the MASQUERADE rule counted the WAN ping');
  assert.ok((docker0?.intraBridge?.packets ?? 0) >= 1, 'PINK→ORANGE went through FORWARD -i docker0 -o docker0');
});

test('a DROP put into DOCKER-USER stops PINK→ORANGE and is recognised with its counter; removing it heals', { skip }, async () => {
  const pink = await resolveContainer(paths.socket, 'PINK');
  const orange = await resolveContainer(paths.socket, 'ORANGE');
  const rule = ['-s', pink.networks[0].ipAddress!, '-d', orange.networks[0].ipAddress!, '-j', 'DROP'];
  await run('iptables', ['-I', 'DOCKER-USER', ...rule], { netns: HOST });
  try {
    assert.notEqual((await ping(pink.netnsPath!, orange.networks[0].ipAddress!)).exitCode, 0);
    const drops = (await dockerRules()).userDrops;
    assert.equal(drops.length, 1);
    assert.ok((drops[0].packets ?? 0) >= 1);
  } finally {
    await run('iptables', ['-D', 'DOCKER-USER', ...rule], { netns: HOST });
  }
  assert.equal((await ping(pink.netnsPath!, orange.networks[0].ipAddress!)).exitCode, 0);
});

test('stopDockerd removes containers, daemon, containerd, mounts and files', { skip }, async () => {
  const started = Date.now();
  const report = await stopDockerd(daemon!, { graceMs: 10000 });
  daemon = undefined;
  process.stdout.write(`# stop took ${Date.now() - started} ms\n`);
  assert.deepEqual(report.problems, []);
  assert.deepEqual(await leftovers(), { processes: [], mounts: [], files: false });
  assert.equal(existsSync(`/sys/fs/cgroup/pids/${CGROUP}`), false);
});

test('after a crash (dockerd SIGKILLed, detached daemon) cleanupDockerLeftovers ends shims and containers and unmounts', { skip }, async () => {
  const detached = await startDockerd({ netns: HOST, ...paths, cgroupParent: CGROUP, detach: true });
  process.stdout.write(`# dockerd answered ${detached.startMs} ms after launch (detached)\n`);
  await importBusyboxImage(paths.socket);
  await runContainer(paths.socket, { name: 'PINK' });
  const pink = await resolveContainer(paths.socket, 'PINK');
  signalPid(detached.pid, 'SIGKILL');
  assert.ok(await waitForExit(detached.pid, 5000));
  assert.ok((await leftovers()).mounts.length > 0, 'the crash left mounts behind');
  const report = await cleanupDockerLeftovers(paths, { graceMs: 2000, cgroupParent: CGROUP });
  assert.ok(report.killed.includes(pink.pid!), 'the container process was ended');
  assert.deepEqual(report.problems, []);
  assert.deepEqual(await leftovers(), { processes: [], mounts: [], files: false });
  assert.equal((await runDocker(paths.socket, ['version'], { check: false, timeoutMs: 3000 })).exitCode === 0, false);
});
