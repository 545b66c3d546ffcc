// Lab tests of the probe in real namespaces: reached, no route (evidence, not an error), the id set with
// -e and seen on the wire, early stop, and no ping left running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sendProbe } from '../../src/trace/probe.js';
import { makeProbeMark, buildProbeFilter } from '../../src/capture/bpf-filter.js';
import { startCapture } from '../../src/capture/tcpdump-capture.js';
import { countLiveChildren, run } from '../../src/system/runner.js';
import { createRouterLab, labSkipReason, removeRouterLab, type RouterLab } from '../helpers/h3-router-lab.js';

const skip = labSkipReason();
let lab: RouterLab;

before(async () => { if (!skip) lab = await createRouterLab('h3p'); });
after(async () => { if (!skip) await removeRouterLab({ client: 'h3pa', router: 'h3pr', server: 'h3pb' }); });

test('a reachable destination: every echo answered, the id we chose on the wire', { skip }, async () => {
  const mark = makeProbeMark();
  const capture = startCapture({ netns: lab.router, iface: 'h3pr0', filter: `icmp[0] = 8 and icmp[4:2] = 4660` });
  await capture.armed;
  const result = await sendProbe({ netns: lab.client, dst: lab.routerUplinkAddress, count: 2, timeoutMs: 1000, pattern: mark.pattern, id: 4660 });
  const seen = await capture.stop();
  assert.deepEqual([result.sent, result.received, result.exitCode, result.icmpId], [2, 2, 0, 4660]);
  assert.equal(result.replies[0].from, lab.routerUplinkAddress);
  assert.equal(seen.packetsCaptured, 2, 'the two echo requests carried id 4660');
});

test('no route in the source is a result, not an exception', { skip }, async () => {
  await run('ip', ['route', 'del', 'default'], { netns: lab.client });
  try {
    const result = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: makeProbeMark().pattern });
    assert.equal(result.sent, 0);
    assert.equal(result.sendError, 'connect: Network is unreachable');
    assert.equal(result.exitCode, 2);
  } finally {
    await run('ip', ['route', 'add', 'default', 'via', '10.203.1.1'], { netns: lab.client });
  }
});

test('silence from a server without a route back (no NAT): sent, none received', { skip }, async () => {
  const result = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 2, timeoutMs: 1000, pattern: makeProbeMark().pattern });
  assert.deepEqual([result.sent, result.received, result.exitCode], [2, 0, 1]);
});

test('an ICMP error from the router (no route to 198.51.100.0/24 there) is read from the ping output', { skip }, async () => {
  const result = await sendProbe({ netns: lab.client, dst: '198.51.100.9', count: 1, timeoutMs: 1000, pattern: makeProbeMark().pattern });
  assert.deepEqual(result.icmpErrors, [{ from: '10.203.1.1', seq: 1, message: 'Destination Net Unreachable' }]);
});

test('stop when conclusive: 10 echoes requested, ping stopped at the first reply', { skip }, async () => {
  const result = await sendProbe({
    netns: lab.client, dst: lab.routerUplinkAddress, count: 10, timeoutMs: 1000,
    pattern: makeProbeMark().pattern, stopWhenConclusive: true,
  });
  assert.equal(result.stoppedEarly, true);
  assert.ok(result.sent >= 1 && result.sent < 10, `sent ${result.sent}`);
  assert.ok(result.durationMs < 1500);
});

test('an abort signal interrupts the probe and its summary is still read', { skip }, async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 500);
  const result = await sendProbe({
    netns: lab.client, dst: lab.serverAddress, count: 20, timeoutMs: 1000,
    pattern: makeProbeMark().pattern, signal: controller.signal,
  });
  assert.equal(result.stoppedEarly, true);
  assert.ok(result.sent >= 2 && result.sent < 20, `sent ${result.sent}`);
  assert.equal(countLiveChildren(), 0);
});

test('buildProbeFilter and the probe agree: the marked probe passes the kernel filter', { skip }, async () => {
  const mark = makeProbeMark();
  const capture = startCapture({ netns: lab.client, iface: 'any', filter: buildProbeFilter({ mark, arp: false }) });
  await capture.armed;
  await sendProbe({ netns: lab.client, dst: lab.routerUplinkAddress, count: 1, timeoutMs: 1000, pattern: mark.pattern });
  assert.equal((await capture.stop()).packetsCaptured, 2);
});
