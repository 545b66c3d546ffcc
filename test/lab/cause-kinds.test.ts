// Every cause kind of CONTRACT.md, built by hand with ip/iptables/sysctl on the sandbox lab: `ping` names
// it with the right `stopped_at`, `diagnose` agrees where configuration can tell, and the fix commands,
// run as given, make a plain ping reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, nettraceJson, isRoot, inNs, pings } from '../helpers/cli.js';

const skip = isRoot ? false : 'needs root (real namespaces)';

interface Scenario {
  name: string;
  stage?: string;
  /** Commands that break the lab, as argv arrays. */
  breakIt: string[][];
  src: string;
  dst: string;
  kind: string;
  stopped: { namespace: string; direction: string };
  /** Whether `diagnose` (configuration alone) can see it. */
  predictable: boolean;
  /** Whether a fix is expected (and must work). */
  fixable: boolean;
}

const ipt = (ns: string, ...args: string[]) => ['nsenter', `--net=/run/netns/${ns}`, 'iptables', ...args];
const sysctl = (ns: string, kv: string) => ['nsenter', `--net=/run/netns/${ns}`, 'sysctl', '-q', '-w', kv];

const scenarios: Scenario[] = [
  { name: 'no route in the source', breakIt: [['ip', '-n', 'RED', 'route', 'del', 'default']], src: 'RED', dst: '203.0.113.8', kind: 'no-route', stopped: { namespace: 'RED', direction: 'request' }, predictable: true, fixable: true },
  { name: 'no route in the host (tutorial stage bridge)', stage: 'bridge', breakIt: [], src: 'host', dst: 'RED', kind: 'no-route', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'bridge port down', breakIt: [['ip', '-n', 'nt-host', 'link', 'set', 'beth1', 'down']], src: 'RED', dst: 'BLUE', kind: 'link-down', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'veth not enslaved to the bridge', breakIt: [['ip', '-n', 'nt-host', 'link', 'set', 'beth1', 'nomaster']], src: 'RED', dst: 'BLUE', kind: 'not-bridged', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'nobody answers ARP', breakIt: [], src: 'RED', dst: '11.11.11.9', kind: 'neighbor-unreachable', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: false },
  { name: 'ip_forward off in the host', breakIt: [sysctl('nt-host', 'net.ipv4.ip_forward=0')], src: 'RED', dst: '203.0.113.8', kind: 'ip-forward-disabled', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'FORWARD drops the reply (tutorial stage masquerade)', stage: 'masquerade', breakIt: [], src: 'RED', dst: '203.0.113.8', kind: 'forward-drop', stopped: { namespace: 'nt-host', direction: 'reply' }, predictable: true, fixable: true },
  { name: 'a DROP rule inserted in FORWARD for the request', breakIt: [ipt('nt-host', '-I', 'FORWARD', '1', '-s', '11.11.11.2', '-d', '203.0.113.0/24', '-j', 'DROP')], src: 'RED', dst: '203.0.113.8', kind: 'forward-drop', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'bridged frames filtered by FORWARD', breakIt: [ipt('nt-host', '-I', 'FORWARD', '1', '-i', 'br0', '-o', 'br0', '-j', 'DROP')], src: 'RED', dst: 'BLUE', kind: 'forward-drop', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'INPUT drops ICMP in the host', breakIt: [ipt('nt-host', '-A', 'INPUT', '-p', 'icmp', '-j', 'DROP')], src: 'RED', dst: '11.11.11.1', kind: 'input-drop', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'OUTPUT drops in the source', breakIt: [ipt('RED', '-A', 'OUTPUT', '-d', '203.0.113.8', '-j', 'DROP')], src: 'RED', dst: '203.0.113.8', kind: 'output-drop', stopped: { namespace: 'RED', direction: 'request' }, predictable: true, fixable: true },
  { name: 'no MASQUERADE (tutorial stage default-route)', stage: 'default-route', breakIt: [], src: 'RED', dst: '203.0.113.8', kind: 'missing-nat', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: true },
  { name: 'strict rp_filter with the reverse route elsewhere', breakIt: [['ip', '-n', 'nt-host', 'route', 'add', '11.11.11.2/32', 'via', '10.0.2.2'], sysctl('nt-host', 'net.ipv4.conf.all.rp_filter=1'), sysctl('nt-host', 'net.ipv4.conf.br0.rp_filter=1')], src: 'RED', dst: '11.11.11.1', kind: 'rp-filter', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: true, fixable: false },
  { name: 'the internet does not answer', breakIt: [ipt('nt-wan', '-A', 'INPUT', '-p', 'icmp', '-j', 'DROP')], src: 'RED', dst: '203.0.113.8', kind: 'remote-unreachable', stopped: { namespace: 'nt-host', direction: 'request' }, predictable: false, fixable: false },
];

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

for (const s of scenarios) {
  test(`${s.kind}: ${s.name}`, { skip }, async () => {
    await nettrace(['lab', 'down']);
    const up = await nettrace(['lab', 'up', '--sandbox', '--stage', s.stage ?? 'complete']);
    assert.equal(up.code, 0, up.stderr);
    for (const argv of s.breakIt) {
      const r = await inNs(null, argv[0]!, argv.slice(1));
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    }
    const ping = await nettraceJson(['ping', s.src, s.dst]);
    assert.equal(ping.code, 1, ping.stderr);
    assert.equal(ping.json.verdict, 'unreachable');
    assert.equal(ping.json.cause?.kind, s.kind, `cause: ${JSON.stringify(ping.json.cause)} stopped: ${JSON.stringify(ping.json.stopped_at)}`);
    assert.equal(ping.json.stopped_at?.namespace, s.stopped.namespace, JSON.stringify(ping.json.stopped_at));
    assert.equal(ping.json.stopped_at?.direction, s.stopped.direction, JSON.stringify(ping.json.stopped_at));
    assert.ok(ping.json.cause.evidence.length > 0, 'the cause names its evidence');
    const diag = await nettraceJson(['diagnose', s.src, s.dst]);
    if (s.predictable) assert.equal(diag.json.cause?.kind, s.kind, `diagnose: ${JSON.stringify(diag.json.cause)}`);
    else assert.equal(ping.json.prediction?.agrees, false, 'ping says the prediction disagrees');
    if (!s.fixable) return;
    assert.ok(ping.json.fix.length > 0, 'a fix is given');
    for (const command of ping.json.fix as string[]) {
      const argv = command.split(' ');
      const r = await inNs(null, argv[0]!, argv.slice(1));
      assert.equal(r.code, 0, `fix "${command}" failed: ${r.stderr}`);
    }
    const dstAddr = ping.json.destination.address as string;
    const srcNs = s.src === 'host' ? 'nt-host' : s.src;
    // A port brought back up needs a moment for carrier and neighbour state: allow three one-second tries.
    let reached = false;
    for (let i = 0; i < 3 && !reached; i++) reached = await pings(srcNs, dstAddr);
    assert.equal(reached, true, `after ${JSON.stringify(ping.json.fix)} plain ping reaches`);
  });
}
