// Lab tests of the capture engine in real namespaces: arming, filtering in the kernel, statistics,
// failures named, a vanishing interface, and nothing left running. Prints the median arm time.
import { processesInLabNamespaces } from '../helpers/reliability-state.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCapture, CaptureArmError } from '../../src/capture/tcpdump-capture.js';
import { createArmer } from '../../src/trace/arm.js';
import { buildProbeFilter, makeProbeMark } from '../../src/capture/bpf-filter.js';
import { countLiveChildren, run } from '../../src/system/runner.js';
import { createRouterLab, labSkipReason, removeRouterLab, type RouterLab } from '../helpers/h3-router-lab.js';

const skip = labSkipReason();
let lab: RouterLab;

before(async () => { if (!skip) lab = await createRouterLab('h3c'); });
after(async () => { if (!skip) await removeRouterLab({ client: 'h3ca', router: 'h3cr', server: 'h3cb' }); });

const ping = (ns: string, dst: string, pattern: string, count = 1) =>
  run('ping', ['-n', '-c', String(count), '-i', '0.2', '-W', '1', '-p', pattern, dst], { netns: ns, check: false });

test('the kernel accepts the probe filter on any (SLL2) and on an Ethernet interface', { skip }, async () => {
  const filter = buildProbeFilter({ mark: makeProbeMark(), icmpId: 4660 });
  for (const iface of ['any', 'h3cr0']) {
    const args = ['-d', '-i', iface, ...(iface === 'any' ? ['-y', 'LINUX_SLL2'] : []), filter];
    const compiled = await run('tcpdump', args, { netns: lab.router });
    assert.match(compiled.stdout, /ret\s+#0/);
  }
  const capture = startCapture({ netns: lab.router, iface: 'any', filter });
  await capture.armed; // the filter was attached to the socket before "listening on"
  assert.equal((await capture.stop()).error, null);
});

test('marked probes are captured on every hop, another run\'s probes are not', { skip }, async () => {
  const mine = makeProbeMark();
  const other = makeProbeMark();
  const filter = buildProbeFilter({ mark: mine, arp: false });
  const captures = [
    startCapture({ netns: lab.client, iface: 'any', filter }),
    startCapture({ netns: lab.router, iface: 'h3cr0', filter }),
    startCapture({ netns: lab.router, iface: 'h3cr1', filter }),
  ];
  const armMs = await Promise.all(captures.map((c) => c.armed));
  assert.ok(armMs.every((ms) => ms > 0));
  await ping(lab.client, lab.routerUplinkAddress, other.pattern, 3);
  await ping(lab.client, lab.routerUplinkAddress, mine.pattern, 2);
  const [client, routerIn, routerOut] = await Promise.all(captures.map((c) => c.stop()));
  assert.equal(client.packetsCaptured, 4, 'client: 2 requests + 2 replies of my run only');
  assert.equal(routerIn.packetsCaptured, 4);
  assert.equal(routerOut.packetsCaptured, 0, 'nothing of the probe crosses the uplink');
  assert.equal(client.packetsDroppedByKernel, 0);
  assert.equal(client.pcapBytes.readUInt32LE(0), 0xa1b2c3d4, 'stdout is a pcap file');
  assert.equal(client.pcapBytes.readUInt32LE(20), 276, 'link type LINUX_SLL2');
  assert.equal(routerIn.pcapBytes.readUInt32LE(20), 1, 'link type Ethernet');
  assert.equal(client.pcapBytes.length, 24 + 4 * (16 + 20 + 84), 'header + 4 records of SLL2 + 84-byte IP packets');
  assert.equal(countLiveChildren(), 0);
});

test('a missing interface fails arming with a typed error naming the namespace and interface', { skip }, async () => {
  const capture = startCapture({ netns: lab.router, iface: 'h3cnone', filter: 'arp' });
  await assert.rejects(capture.armed, (error: unknown) => {
    assert.ok(error instanceof CaptureArmError);
    assert.equal(error.key, 'capture.armFailed');
    assert.deepEqual({ netns: error.params.netns, iface: error.params.iface }, { netns: 'h3cr', iface: 'h3cnone' });
    assert.match(String(error.params.detail), /No such device/);
    return true;
  });
  await capture.stop();
});

test('a run that cannot arm every namespace stops the captures it did arm', { skip }, async () => {
  const armer = createArmer({ capture: { iface: 'any', filter: 'arp' }, trace: null });
  const client = await armer.arm(lab.client);
  assert.equal(countLiveChildren(), 1, 'the client capture is armed first');
  await assert.rejects(armer.all([lab.client, 'h3c-absent']), CaptureArmError);
  assert.equal(client.capture.spec.netns, lab.client);
  await assert.rejects(armer.arm(lab.router), /stopped arming/, 'a deferred arming after abandon starts nothing');
  assert.equal(countLiveChildren(), 0);
  assert.equal(countLiveChildren(), 0);
  // The capture that did arm (arp, in the client) must have been stopped too, not only the failed one.
  const left = (await processesInLabNamespaces(['tcpdump'])).filter((p) => p.ns === lab.client || p.ns === lab.router);
  assert.deepEqual(left, []);
});

test('an interface deleted mid-capture ends it with "interface disappeared"', { skip }, async () => {
  await run('ip', ['link', 'add', 'h3cx0', 'type', 'veth', 'peer', 'name', 'h3cx1'], { netns: lab.router });
  await run('ip', ['link', 'set', 'h3cx0', 'up'], { netns: lab.router });
  const capture = startCapture({ netns: lab.router, iface: 'h3cx0', filter: '' });
  await capture.armed;
  await run('ip', ['link', 'del', 'h3cx0'], { netns: lab.router });
  const result = await capture.stop();
  assert.equal(result.error, 'interface disappeared');
  assert.equal(result.exitCode, 1);
});

test('arm time, median of 20 (printed)', { skip }, async () => {
  const times: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const capture = startCapture({ netns: lab.router, iface: 'any', filter: buildProbeFilter({ mark: makeProbeMark() }) });
    times.push(await capture.armed);
    await capture.stop();
  }
  times.sort((a, b) => a - b);
  const median = (times[9] + times[10]) / 2;
  console.log(`# tcpdump spawn → armed: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[19].toFixed(1)}) over 20`);
  assert.ok(median < 1000);
});
