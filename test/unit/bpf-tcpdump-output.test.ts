// Unit tests of tcpdump's argument list and of reading its stderr (texts recorded from tcpdump 4.99 here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTcpdumpArgs, isArmedLine, parseTcpdumpError, parseTcpdumpStats } from '../../src/capture/tcpdump-output.js';

const anyArmed = 'tcpdump: data link type LINUX_SLL2\ntcpdump: listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n';
const summary = '6 packets captured\n7 packets received by filter\n1 packet dropped by kernel\n';
const disappeared = 'tcpdump: listening on h3d0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n'
  + 'tcpdump: pcap_loop: The interface disappeared\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n';

test('any gets Linux cooked v2 and the filter comes last', () => {
  assert.deepEqual(buildTcpdumpArgs({ iface: 'any', filter: 'arp' }),
    ['--immediate-mode', '-U', '-w', '-', '-n', '-Z', 'root', '-i', 'any', '-y', 'LINUX_SLL2', 'arp']);
  assert.deepEqual(buildTcpdumpArgs({ iface: 'br0', filter: ' ', snaplen: 128 }),
    ['--immediate-mode', '-U', '-w', '-', '-n', '-Z', 'root', '-i', 'br0', '-s', '128']);
});

test('armed only once "listening on" appears', () => {
  assert.equal(isArmedLine('tcpdump: data link type LINUX_SLL2\n'), false);
  assert.equal(isArmedLine(anyArmed), true);
});

test('the closing statistics are read, singular or plural', () => {
  assert.deepEqual(parseTcpdumpStats(anyArmed + summary), { packetsCaptured: 6, packetsReceived: 7, packetsDroppedByKernel: 1 });
  assert.deepEqual(parseTcpdumpStats(anyArmed), { packetsCaptured: null, packetsReceived: null, packetsDroppedByKernel: null });
});

test('errors: none in normal chatter, a vanished interface, a missing device, a bad filter', () => {
  assert.equal(parseTcpdumpError(anyArmed + summary), null);
  assert.equal(parseTcpdumpError(disappeared), 'interface disappeared');
  assert.equal(parseTcpdumpError('tcpdump: nosuch: No such device exists\n(No such device exists)\n'), 'nosuch: No such device exists');
  assert.equal(parseTcpdumpError('tcpdump: data link type LINUX_SLL2\ntcpdump: can\'t parse filter expression: syntax error\n'),
    'can\'t parse filter expression: syntax error');
});
