// Decoders on the real captures of fixtures/pcap (values from fixtures/pcap/README.md, checked with tshark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readCaptureFile } from '../../src/capture/pcap-capture-file.js';

const FIX = new URL('../../fixtures/pcap/', import.meta.url).pathname;
const read = (name: string, iface: string | null = 'h1a-v') => readCaptureFile(join(FIX, name), { namespace: 'h1a', interface: iface });
const brief = (o: { type: string; src: string; dst: string; icmpId?: number; icmpSeq?: number; linkDirection?: string | null }) =>
  [o.type, o.src, o.dst, o.icmpId ?? null, o.icmpSeq ?? null, o.linkDirection ?? null];

test('Ethernet: ARP request/reply then two echo exchanges', async () => {
  const r = await read('eth-ping.pcap');
  assert.equal(r.error, null);
  assert.equal(r.linktype, 1);
  assert.equal(r.packets, 6);
  assert.deepEqual(r.observations.map(brief), [
    ['arp-request', '198.51.100.1', '198.51.100.2', null, null, null],
    ['arp-reply', '198.51.100.2', '198.51.100.1', null, null, null],
    ['echo-request', '198.51.100.1', '198.51.100.2', 6599, 1, null],
    ['echo-reply', '198.51.100.2', '198.51.100.1', 6599, 1, null],
    ['echo-request', '198.51.100.1', '198.51.100.2', 6599, 2, null],
    ['echo-reply', '198.51.100.2', '198.51.100.1', 6599, 2, null],
  ]);
  const [arpReq, arpRep, echo] = r.observations;
  assert.equal(arpReq.direction, 'request');
  assert.equal(arpRep.direction, 'reply');
  assert.equal(arpRep.senderMac, '12:54:9f:e4:0b:c5');
  assert.equal(arpReq.senderMac, '1e:3c:8b:d7:0a:6c');
  assert.equal(arpReq.ts_us, 1795906839435952);
  assert.equal(arpReq.time_ms, 0);
  assert.equal(r.observations[4].time_ms, 203.21); // 1795906839.639157 - .435952
  assert.equal(echo.ttl, 64);
  assert.equal(echo.icmpType, 8);
  assert.equal(echo.namespace, 'h1a');
  assert.equal(echo.interface, 'h1a-v');
});

test('Linux cooked SLL v1: direction from the packet type', async () => {
  const r = await read('any-sll.pcap', 'any');
  assert.equal(r.linktype, 113);
  assert.deepEqual(r.observations.map(brief), [
    ['arp-request', '198.51.100.1', '198.51.100.2', null, null, 'out'],
    ['arp-reply', '198.51.100.2', '198.51.100.1', null, null, 'in'],
    ['echo-request', '198.51.100.1', '198.51.100.2', 6615, 1, 'out'],
    ['echo-reply', '198.51.100.2', '198.51.100.1', 6615, 1, 'in'],
    ['echo-request', '198.51.100.1', '198.51.100.2', 6615, 2, 'out'],
    ['echo-reply', '198.51.100.2', '198.51.100.1', 6615, 2, 'in'],
  ]);
  assert.equal(r.observations[0].interface, null, 'an any-capture has no single interface');
  assert.equal(r.observations[0].ifIndex, undefined, 'SLL v1 carries no interface index');
});

test('Linux cooked SLL2: interface index 2 and direction on every packet', async () => {
  const r = await read('any-sll2.pcap', 'any');
  assert.equal(r.linktype, 276);
  assert.equal(r.observations.length, 6);
  assert.deepEqual(r.observations.map((o) => o.ifIndex), [2, 2, 2, 2, 2, 2]);
  assert.deepEqual(r.observations.map((o) => o.linkDirection), ['out', 'in', 'out', 'in', 'out', 'in']);
  assert.deepEqual(r.observations.map((o) => o.icmpId ?? null), [null, null, 6650, 6650, 6650, 6650]);
  assert.equal(r.observations[1].senderMac, '12:54:9f:e4:0b:c5');
});

test('SLL2 interface index resolves to a name when the caller knows it', async () => {
  const r = await readCaptureFile(join(FIX, 'any-sll2.pcap'), { namespace: 'h1a', interface: 'any', interfaceNames: new Map([[2, 'h1a-v']]) });
  assert.ok(r.observations.every((o) => o.interface === 'h1a-v'));
});

test('nanosecond capture: microsecond ts_us and ms offsets', async () => {
  const r = await read('eth-nano.pcap');
  assert.equal(r.error, null);
  assert.deepEqual(r.observations.map((o) => o.ts_us), [1795906842126770, 1795906842126835]);
  assert.deepEqual(r.observations.map((o) => o.time_ms), [0, 0.07]);
  assert.deepEqual(r.observations.map(brief)[0], ['echo-request', '198.51.100.1', '198.51.100.2', 6663, 1, null]);
});

test('dest-unreachable (host) quotes the original echo with its id/seq', async () => {
  const r = await read('eth-unreachable.pcap');
  assert.equal(r.observations.length, 2);
  const error = r.observations[1];
  assert.equal(error.type, 'dest-unreachable');
  assert.equal(error.direction, 'reply');
  assert.deepEqual([error.icmpType, error.icmpCode, error.src, error.dst], [3, 1, '198.51.100.2', '198.51.100.1']);
  assert.equal(error.icmpId, undefined, 'the error itself has no echo id');
  assert.deepEqual(error.quoted, { src: '198.51.100.1', dst: '198.51.100.2', protocol: 1, icmpId: 6672, icmpSeq: 1 });
});

test('net-unreachable and time-exceeded from a router, over SLL2', async () => {
  const r = await read('sll2-errors.pcap', 'any');
  assert.deepEqual(r.observations.map((o) => [o.type, o.icmpCode, o.ttl, o.quoted?.icmpId ?? o.icmpId]), [
    ['echo-request', 0, 1, 6708],
    ['dest-unreachable', 0, 64, 6708],
    ['echo-request', 0, 1, 6710],
    ['time-exceeded', 0, 64, 6710],
  ]);
  assert.deepEqual(r.observations[3].quoted, { src: '198.51.100.1', dst: '203.0.113.9', protocol: 1, icmpId: 6710, icmpSeq: 1 });
});
