// `nettrace ping` on every tutorial stage in the sandbox: the observations must match what the kernel
// really did (where the request and the reply were seen, with which addresses), and nothing is left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, nettraceJson, isRoot, inNs, ourCaptureProcesses } from '../helpers/cli.js';

const skip = isRoot ? false : 'needs root (real namespaces)';

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

type Obs = { namespace: string; interface: string; type: string; direction: string; src: string; dst: string };
const seen = (obs: Obs[], where: string, type: string) => obs.filter((o) => `${o.namespace}:${o.interface}` === where && o.type === type);

async function ping(src: string, dst: string, extra: string[] = []) {
  const r = await nettraceJson(['ping', src, dst, '--timeout', '1000', ...extra]);
  return { code: r.code, json: r.json as { verdict: string; observations: Obs[]; path: { namespace: string; interface: string; role: string }[]; stopped_at: any; netfilter: any[] }, stderr: r.stderr };
}

async function assertNothingLeft() {
  const save = (await inNs('nt-host', 'iptables-save', [])).stdout;
  assert.doesNotMatch(save, /nettrace:\d/, 'no TRACE rule left in nt-host');
  assert.deepEqual(await ourCaptureProcesses(), [], 'no capture process left');
}

test('stage bridge: RED reaches BLUE; host cannot reach RED (no route: the request leaves by the uplink)', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'bridge']);
  const blue = await ping('RED', 'BLUE');
  assert.equal(blue.code, 0, blue.stderr);
  assert.equal(blue.json.verdict, 'reached');
  assert.ok(seen(blue.json.observations, 'RED:reth0', 'echo-reply').length > 0);
  assert.ok(seen(blue.json.observations, 'BLUE:beth0', 'echo-request').length > 0);
  assert.ok(seen(blue.json.observations, 'nt-host:beth1', 'echo-request').length > 0, 'bridge port captured');
  const host = await ping('host', 'RED');
  assert.equal(host.code, 1);
  assert.equal(host.json.verdict, 'unreachable');
  assert.deepEqual(host.json.path.map((h) => `${h.namespace}:${h.interface}`), ['nt-host:eth0'], 'the kernel sends it to the default route');
  assert.equal(seen(host.json.observations, 'RED:reth0', 'echo-request').length, 0, 'never reaches RED');
  assert.ok(seen(host.json.observations, 'nt-host:eth0', 'echo-request').length > 0, 'seen leaving by eth0');
  await assertNothingLeft();
});

test('stage host-address: host reaches RED; RED cannot even send to the uplink address', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'host-address']);
  const host = await ping('host', 'RED');
  assert.equal(host.json.verdict, 'reached');
  for (const where of ['nt-host:br0', 'nt-host:reth1', 'RED:reth0']) assert.ok(seen(host.json.observations, where, 'echo-request').length > 0, where);
  const up = await ping('RED', '10.0.2.15');
  assert.equal(up.json.verdict, 'unreachable');
  assert.deepEqual(up.json.observations.filter((o) => o.type.startsWith('echo')), [], 'nothing is sent');
  assert.equal(up.json.stopped_at.namespace, 'RED');
});

test('stage default-route: the request leaves unmasqueraded and no reply comes back', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'default-route']);
  const r = await ping('RED', '203.0.113.8');
  assert.equal(r.json.verdict, 'unreachable');
  const out = seen(r.json.observations, 'nt-host:eth0', 'echo-request');
  assert.ok(out.length > 0);
  assert.equal(out[0]!.src, '11.11.11.2', 'left with the private source');
  assert.equal(seen(r.json.observations, 'nt-host:eth0', 'echo-reply').length, 0);
  assert.deepEqual(r.json.stopped_at, { namespace: 'nt-host', interface: 'eth0', direction: 'request' });
  const up = await ping('RED', '10.0.2.15');
  assert.equal(up.json.verdict, 'reached', 'RED now reaches the host uplink address');
});

test('stage masquerade: masqueraded on eth0, the reply comes back to eth0 only, FORWARD policy DROP takes it', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'masquerade']);
  const r = await ping('RED', '203.0.113.8');
  assert.equal(r.json.verdict, 'unreachable');
  for (const where of ['RED:reth0', 'nt-host:reth1', 'nt-host:br0']) assert.ok(seen(r.json.observations, where, 'echo-request').length > 0, where);
  const out = seen(r.json.observations, 'nt-host:eth0', 'echo-request');
  assert.equal(out[0]?.src, '10.0.2.15', 'masqueraded to the uplink address');
  assert.ok(seen(r.json.observations, 'nt-host:eth0', 'echo-reply').length > 0, 'reply reached eth0');
  for (const where of ['nt-host:br0', 'nt-host:reth1', 'RED:reth0']) assert.equal(seen(r.json.observations, where, 'echo-reply').length, 0, where);
  assert.deepEqual(r.json.stopped_at, { namespace: 'nt-host', interface: 'eth0', direction: 'reply' });
  const drop = r.json.netfilter.find((v: any) => v.direction === 'reply' && v.chain === 'FORWARD');
  assert.ok(drop, `a FORWARD verdict for the reply: ${JSON.stringify(r.json.netfilter)}`);
  assert.equal(drop.verdict, 'DROP');
  assert.match(drop.rule, /-P FORWARD DROP/);
  await assertNothingLeft();
});

test('stage complete: every hop sees request and reply, NAT visible on eth0; --save pcaps are readable', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'complete']);
  const dir = `/tmp/nettrace-save-${process.pid}`;
  try {
    const r = await ping('RED', '203.0.113.8', ['--save', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json.path.map((h) => `${h.namespace}:${h.interface}`), ['RED:reth0', 'nt-host:reth1', 'nt-host:br0', 'nt-host:eth0']);
    for (const where of ['RED:reth0', 'nt-host:reth1', 'nt-host:br0', 'nt-host:eth0']) {
      assert.ok(seen(r.json.observations, where, 'echo-request').length > 0, `request at ${where}`);
      assert.ok(seen(r.json.observations, where, 'echo-reply').length > 0, `reply at ${where}`);
    }
    assert.equal(seen(r.json.observations, 'nt-host:eth0', 'echo-reply')[0]!.dst, '10.0.2.15');
    assert.equal(seen(r.json.observations, 'nt-host:br0', 'echo-reply')[0]!.dst, '11.11.11.2', 'un-NATed after eth0');
    assert.equal(r.json.stopped_at, null);
    for (const tool of [['tcpdump', ['-nn', '-r', `${dir}/nt-host-eth0.pcap`]], ['tshark', ['-r', `${dir}/RED-reth0.pcap`]]] as const) {
      const out = await inNs(null, tool[0], [...tool[1]]);
      assert.equal(out.code, 0, `${tool[0]} reads the saved pcap: ${out.stderr}`);
      assert.match(out.stdout, /203\.0\.113\.8/);
    }
    const back = await nettraceJson(['read', dir]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(back.json.verdict, 'reached');
    const offline = back.json.captures.flatMap((c: any) => c.observations).filter((o: any) => o.type.startsWith('echo')).length;
    assert.equal(offline, r.json.observations.filter((o) => o.type.startsWith('echo')).length, 'read gives the same ICMP timeline');
  } finally {
    await inNs(null, 'rm', ['-rf', dir]);
  }
  await assertNothingLeft();
});

test('a ping flood between BLUE and the host and a second concurrent run do not change the observations', { skip }, async () => {
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'complete']);
  const { execa } = await import('execa');
  const flood = execa('nsenter', ['--net=/run/netns/BLUE', 'ping', '-f', '-q', '-w', '8', '11.11.11.1'], { reject: false });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([ping('RED', '203.0.113.8'), ping('RED', '203.0.113.8')]);
    for (const r of [a, b]) {
      assert.equal(r.json.verdict, 'reached');
      const echoes = r.json.observations.filter((o) => o.type.startsWith('echo'));
      for (const where of ['RED:reth0', 'nt-host:reth1', 'nt-host:br0', 'nt-host:eth0']) {
        assert.equal(seen(echoes, where, 'echo-request').length, 1, `exactly this run's one request at ${where}`);
        assert.equal(seen(echoes, where, 'echo-reply').length, 1, `exactly this run's one reply at ${where}`);
      }
      assert.ok(!echoes.some((o) => o.src === '11.11.11.3' || o.dst === '11.11.11.3'), 'no flood packet among the observations');
    }
  } finally {
    flood.kill('SIGINT');
    await flood;
  }
  await assertNothingLeft();
});

test('captures end on the probe\'s own last packets: no loopback sentinel when answered, dropped by a traced rule or sent away', { skip }, async () => {
  const sentinels = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('+ ') && / 127\.0\.0\.1$/.test(l));
  const cases: { stage: string; src: string; dst: string; verdict: string }[] = [
    { stage: 'complete', src: 'RED', dst: '203.0.113.8', verdict: 'reached' },
    { stage: 'complete', src: 'RED', dst: 'BLUE', verdict: 'reached' },
    { stage: 'masquerade', src: 'RED', dst: '203.0.113.8', verdict: 'unreachable' },
    { stage: 'bridge', src: 'host', dst: 'RED', verdict: 'unreachable' },
  ];
  for (const c of cases) {
    await nettrace(['lab', 'up', '--sandbox', '--stage', c.stage]);
    const r = await ping(c.src, c.dst, ['-v']);
    assert.equal(r.json.verdict, c.verdict, `${c.stage} ${c.src} → ${c.dst}: ${r.stderr}`);
    assert.ok(r.stderr.split('\n').some((l) => l.startsWith('+ ') && /\bping -n -c 1\b/.test(l)), 'the verbose log shows the commands run');
    assert.deepEqual(sentinels(r.stderr), [], `${c.stage} ${c.src} → ${c.dst}: ended without sentinels`);
  }
  // Without a known last packet (no trace, nothing answered) the sentinels still end the captures.
  await nettrace(['lab', 'up', '--sandbox', '--stage', 'masquerade']);
  const untraced = await ping('RED', '203.0.113.8', ['-v', '--no-trace']);
  assert.equal(untraced.json.verdict, 'unreachable');
  assert.equal(sentinels(untraced.stderr).length, 2, 'one sentinel per armed namespace (RED, nt-host)');
  await assertNothingLeft();
});
