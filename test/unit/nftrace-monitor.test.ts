// Unit tests of reading trace-monitor readiness from /proc/PID/net/netlink (text recorded here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTraceSubscribed, parseNetlinkTable } from '../../src/adapters/nftrace-monitor.js';

const table = `sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
0000000028a04564 0   0          00000000 0        0        0     2        0        45010
00000000e1a4b2a4 12  4286324730 00000100 0        0        0     2        0        45024
0000000087bd5af7 12  0          00000000 0        0        0     2        0        45017
`;

test('subscribed only when our own netfilter socket carries the NFTRACE group', () => {
  const rows = parseNetlinkTable(table);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[1], { protocol: 12, groups: 0x100, inode: 45024 });
  assert.equal(isTraceSubscribed(rows, new Set([45024])), true);
  assert.equal(isTraceSubscribed(rows, new Set([45017])), false, 'bound but not subscribed');
  assert.equal(isTraceSubscribed(rows, new Set([1])), false, 'another process\'s monitor');
});
