// Route lookups: answers and kernel refusals recorded from the hand-built lab (fixtures/ip/route-get/commands.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRouteGet } from '../../src/adapters/route-get.js';

const dir = new URL('../../fixtures/ip/route-get/', import.meta.url);
function recorded(label: string, exitCode: number, ns: string) {
  const stdout = readFileSync(new URL(`${label}.stdout`, dir), 'utf8');
  const stderr = readFileSync(new URL(`${label}.stderr`, dir), 'utf8');
  return parseRouteGet(stdout, stderr, exitCode, ns, `ip -n ${ns} -j route get …`);
}

test('a lookup from RED to the internet goes via the bridge address', () => {
  const r = recorded('red-to-internet', 0, 'h2red');
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.gateway, '11.11.11.1');
  assert.equal(r.dev, 'reth0');
  assert.equal(r.prefsrc, '11.11.11.2');
  assert.equal(r.type, 'unicast');
});

test('a forwarding simulation (from + iif) in the host names the uplink', () => {
  const r = recorded('host-forward-to-internet', 0, 'h2host');
  assert.ok(r.ok);
  assert.equal(r.iif, 'br0');
  assert.equal(r.from, '11.11.11.2');
  assert.equal(r.gateway, '10.0.2.2');
  assert.equal(r.dev, 'eth0');
  const bridged = recorded('host-forward-bridged', 0, 'h2host');
  assert.ok(bridged.ok);
  assert.deepEqual(bridged.cache, ['redirect']);
  const direct = recorded('host-to-red', 0, 'h2host');
  assert.ok(direct.ok);
  assert.equal(direct.gateway, null);
  assert.equal(direct.dev, 'br0');
});

test('kernel refusals are typed evidence, not exceptions', () => {
  const noRoute = recorded('wan-to-lab-unreachable', 2, 'h2wan');
  assert.deepEqual(noRoute, { ok: false, ns: 'h2wan', command: 'ip -n h2wan -j route get …', error: 'Network is unreachable' });
  const noForward = recorded('wan-forward-disabled', 2, 'h2wan');
  assert.equal(noForward.ok, false);
  assert.equal(!noForward.ok && noForward.error, 'No route to host');
  const invalid = recorded('host-from-local-iif-invalid', 2, 'h2host');
  assert.equal(!invalid.ok && invalid.error, 'Invalid argument');
  const timedOut = parseRouteGet('', '', null, 'x', 'ip');
  assert.equal(!timedOut.ok && timedOut.error, 'timed out');
});
