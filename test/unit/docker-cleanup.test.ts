// Pure parts of the sandbox daemon's lifecycle: its argument list, and finding its mounts and processes
// (recorded from a real dockerd 20.10 running in a sandbox namespace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mountsUnder, parseMountinfo } from '../../src/docker/mountinfo.js';
import { pidsMentioning, type ProcessEntry } from '../../src/docker/processes.js';
import { completeDockerPaths, dockerdArgs } from '../../src/docker/daemon-options.js';
import { dockerPathsUnder } from '../../src/docker/paths.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/docker/${name}`, import.meta.url), 'utf8');

test('mounts under data-root and exec-root come out deepest first, the data-root bind last', () => {
  const points = mountsUnder(parseMountinfo(fixture('mountinfo-sandbox.txt')), ['/tmp/h4-docker/data', '/tmp/h4-docker/exec/']);
  assert.equal(points.length, 5);
  assert.equal(points.at(-1), '/tmp/h4-docker/data');
  assert.ok(points.slice(0, 2).every((point) => point.endsWith('/merged')));
  assert.ok(points.includes('/tmp/h4-docker/exec/netns/f57e01be32ed'));
  assert.ok(!points.includes('/run/netns/h4host'));
  assert.ok(!points.includes('/'));
});

test('mountinfo escapes are decoded and a sibling prefix is not "under"', () => {
  const text = '30 26 0:40 / /tmp/h4-docker/data\\040x rw - tmpfs tmpfs rw\n31 26 0:41 / /tmp/h4-docker/data2 rw - tmpfs tmpfs rw\n';
  const entries = parseMountinfo(text);
  assert.equal(entries[0].mountPoint, '/tmp/h4-docker/data x');
  assert.deepEqual(mountsUnder(entries, ['/tmp/h4-docker/data']), []);
});

test('processes are found by the exec-root on their command line, not by name', () => {
  const entries: ProcessEntry[] = fixture('processes-sandbox.tsv').trim().split('\n').map((line) => {
    const [pid, cmdline] = line.split('\t');
    return { pid: Number(pid), cmdline };
  });
  assert.deepEqual(pidsMentioning(entries, '/tmp/h4-docker/exec', 1), [17833, 17852, 18030, 18115]);
  assert.deepEqual(pidsMentioning(entries, '/tmp/h4-docker/ex', 1), []);
  assert.deepEqual(pidsMentioning(entries, '/tmp/h4-docker/exec', 17833), [17852, 18030, 18115]);
  assert.deepEqual(pidsMentioning([{ pid: 9, cmdline: 'dockerd --exec-root=/tmp/h4-docker/exec' }], '/tmp/h4-docker/exec', 1), [9]);
});

test('dockerd arguments: own config file, roots, pidfile, socket, cgroup parent, extras last', () => {
  const paths = dockerPathsUnder('/tmp/h4-docker');
  const args = dockerdArgs({ netns: 'h4host', paths, pid: 0, detached: false, cgroupParent: 'nettrace-h4' }, ['--icc=false']);
  assert.deepEqual(args, [
    '--config-file', '/tmp/h4-docker/daemon.json', '--data-root', '/tmp/h4-docker/data', '--exec-root', '/tmp/h4-docker/exec',
    '--pidfile', '/tmp/h4-docker/docker.pid', '-H', 'unix:///tmp/h4-docker/docker.sock', '--cgroup-parent', 'nettrace-h4', '--icc=false',
  ]);
});

test('paths not given are put beside the exec-root', () => {
  const paths = completeDockerPaths({ netns: 'n', dataRoot: '/d/data', execRoot: '/r/exec', pidfile: '/r/d.pid', socket: '/r/d.sock' });
  assert.equal(paths.configFile, '/r/exec-daemon.json');
  assert.equal(paths.logFile, '/r/exec-dockerd.log');
  assert.equal(paths.keyFile, '/r/exec-key.json');
  assert.equal(paths.launchPidfile, '/r/exec-launch.pid');
});
