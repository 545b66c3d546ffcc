// Fuzz: every text parser on ≥ 10,000 mutated real outputs each (fixed seed, bounded time): the `ip -j`
// parsers, route get, iptables-save, the trace monitor lines, conntrack, ping's output, sysctls.
// Each input gives a result or a clean Error (never a TypeError/RangeError from a missing check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAddresses } from '../../src/adapters/ip-addr.js';
import { parseLinks } from '../../src/adapters/ip-link.js';
import { parseNeighbors } from '../../src/adapters/ip-neigh.js';
import { parseRoutes } from '../../src/adapters/ip-route.js';
import { parseNetnsList, parseNsidMap } from '../../src/adapters/ip-netns.js';
import { parseRouteGet } from '../../src/adapters/route-get.js';
import { parseIptablesSave } from '../../src/adapters/iptables-save.js';
import { describeTraceEvent, parseTraceOutput } from '../../src/adapters/nftrace-parse.js';
import { describeNat, findProbeFlows, parseConntrackList } from '../../src/adapters/conntrack-parse.js';
import { parsePingOutput } from '../../src/trace/probe-parse.js';
import { parseSysctls } from '../../src/adapters/sysctl.js';
import { ROOT } from '../helpers/cli.js';
import { createRng, isCrash, mutateJson, mutateText } from '../helpers/fuzz-mutate.js';

const SEED = 0x6e7473;
const N = 10000;
const FIX = join(ROOT, 'fixtures');
const texts = (dir: string, pattern: RegExp) => readdirSync(join(FIX, dir)).filter((f) => pattern.test(f)).map((f) => readFileSync(join(FIX, dir, f), 'utf8')).filter((t) => t.trim() !== '');

interface Target {
  name: string;
  inputs: string[];
  json?: boolean;
  /** May throw a clean Error (the `ip -j` parsers refuse non-JSON); text parsers must never throw. */
  mayThrow: boolean;
  parse: (text: string) => unknown;
}

const ipDir = join('ip', 'hand-built');
const targets: Target[] = [
  { name: 'ip -j addr', inputs: texts(ipDir, /addr\.json$/), json: true, mayThrow: true, parse: (t) => parseAddresses(t, 'X') },
  { name: 'ip -j link', inputs: texts(ipDir, /link\.json$/), json: true, mayThrow: true, parse: (t) => parseLinks(t, 'X') },
  { name: 'ip -j neigh', inputs: texts(ipDir, /neigh\.json$/), json: true, mayThrow: true, parse: (t) => parseNeighbors(t, 'X') },
  { name: 'ip -j route', inputs: texts(ipDir, /route\.json$/), json: true, mayThrow: true, parse: (t) => parseRoutes(t, 'X') },
  { name: 'ip -j netns list', inputs: texts(ipDir, /netns-list.*\.json$/), json: true, mayThrow: true, parse: (t) => [parseNetnsList(t), parseNsidMap(t)] },
  { name: 'ip route get', inputs: texts(join('ip', 'route-get'), /\.stdout$/), json: true, mayThrow: true, parse: (t) => parseRouteGet(t, '', 0, 'X', 'ip route get') },
  { name: 'iptables-save', inputs: [...texts('iptables', /\.save$/), ...texts('docker', /^iptables-.*\.txt$/)], mayThrow: false, parse: (t) => parseIptablesSave(t, 'X', null) },
  { name: 'trace monitor', inputs: texts('nftrace', /\.txt$/), mayThrow: false, parse: (t) => parseTraceOutput(t).map(describeTraceEvent) },
  {
    name: 'conntrack', inputs: texts('conntrack', /\.txt$/), mayThrow: false,
    parse: (t) => { const e = parseConntrackList(t); return [e.map(describeNat), findProbeFlows(e, { dst: '203.0.113.8' })]; },
  },
  { name: 'ping output', inputs: texts('probe', /\.txt$/), mayThrow: false, parse: (t) => parsePingOutput(t, t.slice(0, 80)) },
  { name: 'sysctls', inputs: texts('sysctl', /\.txt$/), mayThrow: false, parse: (t) => parseSysctls(t, 'X') },
];

for (const target of targets) {
  test(`${target.name}: ${N} mutated outputs give a result or a clean error`, () => {
    assert.ok(target.inputs.length > 0, 'real fixtures to mutate');
    for (const input of target.inputs) target.parse(input); // the fixtures themselves parse
    const rng = createRng(SEED + target.name.length);
    let results = 0;
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const base = target.inputs[i % target.inputs.length]!;
      const input = target.json && i % 2 === 0 ? mutateJson(base, rng) : mutateText(base, rng);
      try {
        const out = target.parse(input);
        JSON.stringify(out); // the result is plain data (no cycles, no getters that throw)
        results += 1;
      } catch (error) {
        if (!target.mayThrow || isCrash(error)) {
          assert.fail(`${target.name} case ${i}: ${(error as Error).stack}\ninput: ${JSON.stringify(input).slice(0, 400)}`);
        }
        refused += 1;
      }
    }
    assert.ok(results > N / 4, `${target.name}: most mutations still give a result (${results})`);
    if (target.json) assert.ok(refused > 0, `${target.name}: some broken JSON was refused cleanly`);
  });
}
