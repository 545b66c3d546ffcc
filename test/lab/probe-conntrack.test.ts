// Lab test of the conntrack adapter: a probe masqueraded by router h3kr shows its flow with the reply
// tuple addressed to the router's uplink; a clashing id is shown rewritten.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectProbeFlows } from '../../src/adapters/conntrack.js';
import { describeNat } from '../../src/adapters/conntrack-parse.js';
import { makeProbeMark } from '../../src/capture/bpf-filter.js';
import { sendProbe } from '../../src/trace/probe.js';
import { run } from '../../src/system/runner.js';
import { createRouterLab, labSkipReason, removeRouterLab, type RouterLab } from '../helpers/h3-router-lab.js';

const skip = labSkipReason();
let lab: RouterLab;

before(async () => {
  if (skip) return;
  lab = await createRouterLab('h3k');
  await run('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '10.203.1.0/24', '-j', 'MASQUERADE'], { netns: lab.router });
});
after(async () => { if (!skip) await removeRouterLab({ client: 'h3ka', router: 'h3kr', server: 'h3kb' }); });

test('the masqueraded probe\'s flow: original from the client, reply to the router\'s uplink', { skip }, async () => {
  const mark = makeProbeMark();
  const probe = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern: mark.pattern, id: 4242 });
  assert.equal(probe.received, 1);
  const flows = await collectProbeFlows(lab.router, lab.router, { dst: lab.serverAddress, src: lab.clientAddress, icmpId: 4242 });
  assert.ok(Array.isArray(flows), JSON.stringify(flows));
  assert.equal(flows.length, 1);
  assert.deepEqual(describeNat(flows[0]), { snatTo: lab.routerUplinkAddress, dnatTo: null, icmpIdTo: null });
});

test('when the router already uses that id towards the same server, NAT rewrites the probe\'s id', { skip }, async () => {
  const pattern = makeProbeMark().pattern;
  await sendProbe({ netns: lab.router, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern, id: 5151 });
  const probe = await sendProbe({ netns: lab.client, dst: lab.serverAddress, count: 1, timeoutMs: 1000, pattern, id: 5151 });
  assert.equal(probe.received, 1, 'the reply still finds the client');
  const flows = await collectProbeFlows(lab.router, lab.router, { dst: lab.serverAddress, src: lab.clientAddress, icmpId: 5151 });
  assert.ok(Array.isArray(flows));
  const nat = describeNat(flows[0]);
  assert.notEqual(nat.icmpIdTo, null);
  assert.notEqual(nat.icmpIdTo, 5151);
});

test('a namespace that never tracked anything lists no flows', { skip }, async () => {
  const flows = await collectProbeFlows(lab.server, lab.server, { dst: lab.serverAddress });
  assert.deepEqual(flows, []);
});
