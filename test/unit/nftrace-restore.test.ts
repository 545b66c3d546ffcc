// Unit tests of the one-exec rule changes of a trace where `nft` is missing: the iptables-restore payloads
// that add and remove a run's TRACE rules; and the backend detection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProbeMark } from '../../src/capture/bpf-filter.js';
import { buildTraceRestoreInput } from '../../src/adapters/nftrace-rules.js';
import { buildRestoreInput, deleteCommandOf, restoreToken } from '../../src/adapters/nftrace-restore.js';
import { backendFromBinary, backendFromVersion } from '../../src/adapters/nftrace-backend.js';

const mark = makeProbeMark(0x01020304);
const echo = '0>>22&0x3C@24=0x6e747263&&0>>22&0x3C@28=0x1020304';
const quoted = '0>>22&0x3C@8>>22&0x3C@32=0x6e747263&&0>>22&0x3C@8>>22&0x3C@36=0x1020304';
const tail = '-m comment --comment nettrace:4242-abc -j TRACE';

test('add payload: the four inserts of buildTraceRuleArgs in one raw transaction', () => {
  assert.equal(buildTraceRestoreInput('4242-abc', mark, 'add'), [
    '*raw',
    `-I PREROUTING 1 -p icmp -m u32 --u32 ${echo} ${tail}`,
    `-I PREROUTING 2 -p icmp -m u32 --u32 ${quoted} ${tail}`,
    `-I OUTPUT 1 -p icmp -m u32 --u32 ${echo} ${tail}`,
    `-I OUTPUT 2 -p icmp -m u32 --u32 ${quoted} ${tail}`,
    'COMMIT', '',
  ].join('\n'));
});

test('delete payload: exactly the rules added, without their positions', () => {
  assert.equal(buildTraceRestoreInput('4242-abc', mark, 'delete'), [
    '*raw',
    `-D PREROUTING -p icmp -m u32 --u32 ${echo} ${tail}`,
    `-D PREROUTING -p icmp -m u32 --u32 ${quoted} ${tail}`,
    `-D OUTPUT -p icmp -m u32 --u32 ${echo} ${tail}`,
    `-D OUTPUT -p icmp -m u32 --u32 ${quoted} ${tail}`,
    'COMMIT', '',
  ].join('\n'));
});

test('restore tokens are quoted only when iptables-restore would split or strip them', () => {
  assert.equal(restoreToken('nettrace:1-a'), 'nettrace:1-a');
  assert.equal(restoreToken('a "b" c'), '"a \\"b\\" c"');
  assert.equal(restoreToken('#x'), '"#x"');
  assert.equal(restoreToken(''), '""');
  assert.equal(buildRestoreInput('raw', [['-D', 'OUTPUT', '-m', 'comment', '--comment', 'user rule', '-j', 'TRACE']]),
    '*raw\n-D OUTPUT -m comment --comment "user rule" -j TRACE\nCOMMIT\n');
  assert.deepEqual(deleteCommandOf(['-A', 'OUTPUT', '-j', 'TRACE']), ['-D', 'OUTPUT', '-j', 'TRACE']);
  assert.throws(() => deleteCommandOf(['-P', 'OUTPUT', 'DROP']));
});

test('backend from the iptables binary\'s target name, else from iptables -V', () => {
  assert.equal(backendFromBinary('/usr/sbin/xtables-nft-multi'), 'nf_tables');
  assert.equal(backendFromBinary('/usr/sbin/xtables-legacy-multi'), 'legacy');
  assert.equal(backendFromBinary('/opt/bin/my-iptables-wrapper'), null);
  assert.equal(backendFromVersion('iptables v1.8.9 (nf_tables)\n'), 'nf_tables');
  assert.equal(backendFromVersion('iptables v1.8.9 (legacy)\n'), 'legacy');
});
