// Unit tests of the ping output parser on outputs recorded from iputils 20221126 in the h3p namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isConclusiveLine, parsePingOutput } from '../../src/trace/probe-parse.js';
import { buildPingArgs } from '../../src/trace/probe.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/probe/${name}.txt`, import.meta.url), 'utf8');

test('reached: three replies and the rtt summary', () => {
  const out = parsePingOutput(fixture('reached'));
  assert.equal(out.sent, 3);
  assert.equal(out.received, 3);
  assert.equal(out.lossPercent, 0);
  assert.deepEqual(out.replies[0], { from: '10.203.1.1', seq: 1, ttl: 64, timeMs: 0.096 });
  assert.deepEqual(out.rtt, { min: 0.062, avg: 0.076, max: 0.096, mdev: 0.014 });
  assert.equal(out.sendError, null);
});

test('no route in the source: nothing sent, the reason kept as evidence', () => {
  const out = parsePingOutput('', fixture('no-route'));
  assert.equal(out.sent, 0);
  assert.equal(out.sendError, 'connect: Network is unreachable');
  assert.equal(out.lossPercent, 100);
});

test('a blocked send as iputils words it on kernels that report EPERM', () => {
  // This kernel drops an OUTPUT-DROP probe silently (fixtures/probe/output-drop.txt); older ones make sendmsg fail.
  assert.equal(parsePingOutput('', 'ping: sendmsg: Operation not permitted\n').sendError, 'sendmsg: Operation not permitted');
  const silent = parsePingOutput(fixture('output-drop'));
  assert.equal(silent.sent, 2);
  assert.equal(silent.received, 0);
  assert.equal(silent.sendError, null);
});

test('silence: sent, nothing back, no errors', () => {
  const out = parsePingOutput(fixture('no-reply'));
  assert.deepEqual([out.sent, out.received, out.errors, out.lossPercent], [2, 0, 0, 100]);
  assert.equal(out.rtt, null);
});

test('ICMP errors from a router and from the source itself', () => {
  const ttl = parsePingOutput(fixture('ttl-exceeded'));
  assert.equal(ttl.errors, 2);
  assert.deepEqual(ttl.icmpErrors[1], { from: '10.203.1.1', seq: 2, message: 'Time to live exceeded' });
  const host = parsePingOutput(fixture('host-unreachable'));
  assert.deepEqual(host.icmpErrors, [{ from: '10.203.1.2', seq: 1, message: 'Destination Host Unreachable' }]);
  const net = parsePingOutput(fixture('net-unreachable'));
  assert.equal(net.icmpErrors[0].message, 'Destination Net Unreachable');
});

test('interrupted early: the summary of what was sent so far', () => {
  const out = parsePingOutput(fixture('interrupted'));
  assert.deepEqual([out.sent, out.received], [3, 3]);
  const cut = parsePingOutput('64 bytes from 203.0.113.8: icmp_seq=1 ttl=63 time=0.075 ms\n');
  assert.deepEqual([cut.sent, cut.received, cut.lossPercent], [1, 1, 0]);
});

test('an iputils without -e is detected', () => {
  assert.equal(parsePingOutput('', "ping: invalid option -- 'e'\nUsage: ...").idOptionUnsupported, true);
});

test('conclusive lines: a reply, an ICMP error, a send failure; not the banner', () => {
  assert.equal(isConclusiveLine('64 bytes from 10.203.1.1: icmp_seq=1 ttl=64 time=0.096 ms'), true);
  assert.equal(isConclusiveLine('From 10.203.1.1 icmp_seq=1 Time to live exceeded'), true);
  assert.equal(isConclusiveLine('ping: connect: Network is unreachable'), true);
  assert.equal(isConclusiveLine('PING 10.203.1.1 (10.203.1.1) 56(84) bytes of data.'), false);
});

test('ping arguments: whole seconds for -W, the pattern, -e and -I when given', () => {
  assert.deepEqual(
    buildPingArgs({ netns: 'x', dst: '203.0.113.8', count: 2, timeoutMs: 1500, pattern: 'ab', id: 7, iface: 'eth0' }, true),
    ['-n', '-c', '2', '-W', '2', '-i', '0.2', '-p', 'ab', '-e', '7', '-I', 'eth0', '203.0.113.8'],
  );
  assert.deepEqual(buildPingArgs({ netns: 'x', dst: '1.2.3.4', count: 1, timeoutMs: 200, pattern: 'ab', id: 7 }, false),
    ['-n', '-c', '1', '-W', '1', '-i', '0.2', '-p', 'ab', '1.2.3.4']);
});
