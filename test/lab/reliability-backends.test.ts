// Both iptables backends (NETTRACE_IPTABLES=legacy|nft): the lab's rules are written with the chosen one,
// `ping` reads the chosen one, and under legacy the trace layer is degraded with its reason in the output.
// Key stages: masquerade → forward-drop (the reply), complete → reached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { nettrace, nettraceJson, isRoot, inNs } from '../helpers/cli.js';
import { leftoverTraceRules } from '../helpers/reliability-state.js';

const skip = isRoot ? false : 'needs root (real namespaces)';

before(async () => { if (isRoot) await nettrace(['lab', 'down']); });
after(async () => { if (isRoot) await nettrace(['lab', 'down']); });

const labRules = async (save: string) => (await inNs('nt-host', save, [])).stdout.split('\n').filter((l) => l.includes('nettrace:lab'));

for (const backend of ['legacy', 'nft'] as const) {
  const env = { NETTRACE_IPTABLES: backend };
  const other = backend === 'legacy' ? 'iptables-nft-save' : 'iptables-legacy-save';
  const own = backend === 'legacy' ? 'iptables-legacy-save' : 'iptables-nft-save';

  test(`${backend}: lab rules live in ${backend}; masquerade stage → forward-drop of the reply; complete → reached`, { skip }, async () => {
    const up = await nettrace(['lab', 'up', '--sandbox', '--stage', 'masquerade'], { env });
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await labRules(own)).length, 2, `FORWARD accept + MASQUERADE written with ${own}`);
    assert.deepEqual(await labRules(other), [], `nothing written with ${other}`);
    const policy = (await inNs('nt-host', own, ['-t', 'filter'])).stdout;
    assert.match(policy, /:FORWARD DROP/, 'the FORWARD policy was set in the chosen backend');

    const r = await nettraceJson(['ping', 'RED', '203.0.113.8'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.json.verdict, 'unreachable');
    assert.equal(r.json.cause?.kind, 'forward-drop', JSON.stringify(r.json.cause));
    assert.deepEqual(r.json.stopped_at, { namespace: 'nt-host', interface: 'eth0', direction: 'reply' });
    const drop = r.json.netfilter.find((v: any) => v.chain === 'FORWARD' && v.verdict === 'DROP');
    assert.ok(drop, `a FORWARD DROP named: ${JSON.stringify(r.json.netfilter)}`);
    if (backend === 'legacy') {
      const degraded = r.json.trace_unavailable as { namespace: string; reason: string }[] | undefined;
      assert.ok(degraded && degraded.length > 0, 'the degraded trace layer is in the JSON');
      assert.ok(degraded.some((d) => d.namespace === 'nt-host' && /legacy/.test(d.reason)), JSON.stringify(degraded));
      const human = await nettrace(['ping', 'RED', '203.0.113.8'], { env });
      assert.match(human.stdout, /Netfilter trace not available in [^\n]*nt-host[^\n]*legacy/, 'and said in the human output');
    } else {
      assert.equal(r.json.trace_unavailable, undefined, 'nft traces every namespace');
      assert.equal(drop.direction, 'reply');
    }
    assert.deepEqual(await leftoverTraceRules(), [], 'no TRACE rule left in either backend');

    const complete = await nettrace(['lab', 'up', '--sandbox', '--stage', 'complete'], { env });
    assert.equal(complete.code, 0, complete.stderr);
    assert.equal((await labRules(own)).length, 3);
    const ok = await nettraceJson(['ping', 'RED', '203.0.113.8'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json.verdict, 'reached');

    const down = await nettrace(['lab', 'down'], { env });
    assert.equal(down.code, 0, down.stderr);
  });
}
