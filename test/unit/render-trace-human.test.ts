// Human trace report: marks under the right hop, NAT visible, netfilter lines, verdict/cause/fix, colour only when asked, Korean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTrace, renderTrace, type TraceRenderOptions } from '../../src/render/trace-human.js';
import { displayWidth } from '../../src/render/trace-text-width.js';
import type { TraceResult } from '../../src/model/verdict.js';
import { catalog } from '../../src/i18n/catalog.js';
import {
  MASQUERADE_FIX, NO_ROUTE_FIX, UPLINK_PATH, bridgedRedBlue, masqueradeStage, noRouteAtSource, reachedInternet,
} from './render-trace-fixtures.js';
import { textSink } from '../helpers/text-sink.js';

const EN: TraceRenderOptions = { color: false, lang: 'en' };
const ANSI = /\u001b\[/;

/** The diagram's three lines: hops, request, reply. */
function diagram(text: string): { hops: string; request: string; reply: string } {
  const lines = text.split('\n');
  return { hops: lines[0], request: lines[1], reply: lines[2] };
}

/** The character that starts at terminal column `column` of `line` ('' when none starts there). */
function charAtColumn(line: string, column: number): string {
  let width = 0;
  for (const char of line) {
    if (width === column) return char;
    width += displayWidth(char);
    if (width > column) return '';
  }
  return '';
}

/** Mark (✓ ✗ ·) printed under each hop label of the diagram, in path order. */
function marksUnderHops(text: string, labels: string[], row: 'request' | 'reply'): string[] {
  const d = diagram(text);
  return labels.map((label) => {
    const index = d.hops.indexOf(`${label} `) >= 0 ? d.hops.indexOf(`${label} `) : d.hops.indexOf(label);
    assert.ok(index >= 0, `hop ${label} in ${d.hops}`);
    return charAtColumn(d[row], displayWidth(d.hops.slice(0, index)));
  });
}

/** Text printed under a hop in a row, from its column to the next hop's column. */
function cellUnder(text: string, labels: string[], label: string, row: 'request' | 'reply'): string {
  const d = diagram(text);
  const i = labels.indexOf(label);
  const start = displayWidth(d.hops.slice(0, d.hops.indexOf(label)));
  const next = labels[i + 1];
  const end = next === undefined ? Infinity : displayWidth(d.hops.slice(0, d.hops.indexOf(next)));
  let width = 0; let out = '';
  for (const char of d[row]) {
    if (width >= start && width < end) out += char;
    width += displayWidth(char);
  }
  return out.trim();
}

const UPLINK_LABELS = UPLINK_PATH.map((h) => `${h.namespace}:${h.interface}`);

test('reached RED → 203.0.113.8: every hop ✓ both ways, masquerade visible on eth0, (internet) appended', () => {
  const text = formatTrace(reachedInternet(), EN);
  const d = diagram(text);
  assert.match(d.hops, /^\s+RED:reth0 ─+▶ nt-host:reth1 ─+▶ nt-host:br0 ─+▶ nt-host:eth0 ─+▶ \(internet\)$/);
  assert.match(d.request, /^ {2}request /);
  assert.deepEqual(marksUnderHops(text, UPLINK_LABELS, 'request'), ['✓', '✓', '✓', '✓']);
  assert.deepEqual(marksUnderHops(text, UPLINK_LABELS, 'reply'), ['✓', '✓', '✓', '✓']);
  assert.equal(cellUnder(text, UPLINK_LABELS, 'RED:reth0', 'request'), '✓ 11.11.11.2→203.0.113.8');
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:eth0', 'request'), '✓ 10.0.2.15→203.0.113.8 (masqueraded)');
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:br0', 'request'), '✓ 11.11.11.2→203.0.113.8');
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:eth0', 'reply'), '✓ 203.0.113.8→10.0.2.15');
  assert.match(text, /│ hop\s+│ request\s+│ reply\s+│ ARP\s+│/);
  assert.match(text, /│ RED:reth0\s+│ 0\.05 ms {2}11\.11\.11\.2→203\.0\.113\.8 │ 0\.61 ms {2}203\.0\.113\.8→11\.11\.11\.2 │ who-has 11\.11\.11\.1 \(from 11\.11\.11\.2\)/);
  assert.match(text, /11\.11\.11\.1 is-at 7e:0a:11:22:33:44/);
  assert.match(text, /^netfilter: nt-host filter FORWARD -A FORWARD -d 11\.11\.11\.0\/24 -j ACCEPT let the reply through \(trace\)$/m);
  assert.match(text, /^verdict: reached — RED → 203\.0\.113\.8$/m);
  assert.doesNotMatch(text, /stopped at|cause:|fix/);
  assert.doesNotMatch(text, ANSI);
});

test('masquerade stage: reply seen on eth0 only, ✗ where it was lost, netfilter names the policy, fix ready to paste', () => {
  const text = formatTrace(masqueradeStage(), EN);
  assert.deepEqual(marksUnderHops(text, UPLINK_LABELS, 'request'), ['✓', '✓', '✓', '✓']);
  assert.deepEqual(marksUnderHops(text, UPLINK_LABELS, 'reply'), ['·', '·', '✗', '✓']);
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:eth0', 'request'), '✓ 10.0.2.15→203.0.113.8 (masqueraded)');
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:br0', 'reply'), '✗');
  const lines = text.split('\n');
  assert.ok(lines.includes('netfilter: nt-host filter FORWARD -P FORWARD DROP took the reply (trace)'), text);
  assert.ok(lines.includes('stopped at: nt-host:eth0 (reply)'));
  assert.ok(lines.includes('cause: forward-drop in nt-host — the firewall (filter FORWARD chain) dropped the packet.'));
  assert.ok(lines.includes('  evidence: nt-host: -P FORWARD DROP (policy, 1 packet)'));
  const fixAt = lines.indexOf('fix (run as root, in this order):');
  assert.ok(fixAt > 0);
  assert.equal(lines[fixAt + 1], MASQUERADE_FIX, 'the fix command stands alone on its line');
  assert.ok(lines.indexOf('verdict: unreachable — RED → 203.0.113.8') < fixAt);
});

test('no route at source: no path, no observations — says the packet never left, stop point and fix', () => {
  const text = formatTrace(noRouteAtSource(), EN);
  const lines = text.split('\n');
  assert.equal(lines[0], 'No path could be planned from RED to 203.0.113.8: the packet never leaves RED.');
  assert.doesNotMatch(text, /request\s+[✓✗]/);
  assert.ok(lines.includes('stopped at: RED, before any interface (request)'));
  assert.ok(lines.includes('cause: no-route in RED — a routing table on the way has no route for the packet, so it is never sent on.'));
  assert.ok(lines.includes('  evidence: ping: connect: Network is unreachable'));
  assert.equal(lines[lines.indexOf('fix (run as root, in this order):') + 1], NO_ROUTE_FIX);
});

test('no route at source with the source hop planned: request ✗ at reth0, reply not expected', () => {
  const text = formatTrace(noRouteAtSource([UPLINK_PATH[0]]), EN);
  assert.deepEqual(marksUnderHops(text, ['RED:reth0'], 'request'), ['✗']);
  assert.deepEqual(marksUnderHops(text, ['RED:reth0'], 'reply'), ['·']);
  assert.doesNotMatch(diagram(text).hops, /internet/);
});

test('RED → BLUE bridged: host hops match observations of nettrace\'s own namespace (null), no (internet)', () => {
  const result = bridgedRedBlue();
  const labels = result.path.map((h) => `${h.namespace}:${h.interface}`);
  const text = formatTrace(result, EN);
  assert.match(diagram(text).hops, /RED:reth0 ─+▶ host:reth1 ─+▶ host:br0 ─+▶ host:beth1 ─+▶ BLUE:beth0$/);
  assert.deepEqual(marksUnderHops(text, labels, 'request'), ['✓', '✓', '✓', '✓', '✓']);
  assert.deepEqual(marksUnderHops(text, labels, 'reply'), ['✓', '✓', '✓', '✓', '✓']);
  assert.equal(cellUnder(text, labels, 'host:br0', 'request'), '✓ 11.11.11.2→11.11.11.3', 'no NAT note when addresses are unchanged');
  assert.match(text, /│ host:br0\s+│ 0\.08 ms {2}11\.11\.11\.2→11\.11\.11\.3 │ 0\.22 ms {2}11\.11\.11\.3→11\.11\.11\.2 │ —/);
  assert.match(text, /│ BLUE:beth0 .*11\.11\.11\.3 is-at 9a:bb:cc:dd:ee:03/);
  assert.match(text, /^verdict: reached — RED → BLUE$/m);
});

test('colour only when asked: green ✓, red ✗, dim ·', () => {
  const plain = formatTrace(masqueradeStage(), EN);
  const colored = formatTrace(masqueradeStage(), { color: true, lang: 'en' });
  assert.doesNotMatch(plain, ANSI);
  assert.match(colored, /\u001b\[32m✓\u001b\[39m/);
  assert.match(colored, /\u001b\[31m✗\u001b\[39m/);
  assert.match(colored, /\u001b\[2m·\u001b\[22m/);
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, '').split('\n').slice(0, 3).join('\n'),
    plain.split('\n').slice(0, 3).join('\n'), 'colour changes no column');
});

test('Korean: rows, headings, netfilter, cause headline from the catalog; marks still aligned under wide row names', (ctx) => {
  const result: TraceResult = masqueradeStage();
  Object.assign(result.cause!, {
    message: { key: 'diagnose.forwardDrop', params: { direction: 'reply', src: '203.0.113.8', dst: '11.11.11.2', ns: 'nt-host', iif: 'eth0', oif: 'br0', rule: '-P FORWARD DROP' } },
  });
  const text = formatTrace(result, { color: false, lang: 'ko' });
  const lines = text.split('\n');
  assert.match(lines[1], /^ {2}요청 /);
  assert.match(lines[2], /^ {2}응답 /);
  assert.match(lines[0], /\(인터넷\)$/);
  assert.deepEqual(marksUnderHops(text, UPLINK_LABELS, 'reply'), ['·', '·', '✗', '✓']);
  assert.equal(cellUnder(text, UPLINK_LABELS, 'nt-host:eth0', 'request'), '✓ 10.0.2.15→203.0.113.8 (마스커레이드됨)');
  assert.match(text, /│ 홉\s+│ 요청\s+│ 응답\s+│ ARP\s+│/);
  assert.ok(lines.includes('netfilter: nt-host filter FORWARD -P FORWARD DROP — 응답 버림 (추적)'), text);
  assert.ok(lines.includes('판정: 도달 못 함 — RED → 203.0.113.8'));
  assert.ok(lines.includes('멈춘 곳: nt-host:eth0 (응답)'));
  assert.ok(lines.includes('원인: nt-host의 forward-drop — 방화벽(filter FORWARD 체인)이 패킷을 버렸습니다.'));
  if (Object.prototype.hasOwnProperty.call(catalog.en, 'diagnose.forwardDrop')) {
    assert.ok(lines.includes('  응답 203.0.113.8 → 11.11.11.2은(는) nt-host에서 eth0에서 br0(으)로 라우팅되고, filter FORWARD 체인이 `-P FORWARD DROP`로 버립니다.'), text);
  } else {
    ctx.diagnostic('diagnose messages not in the catalog yet: the cause sentence falls back to the English detail');
    assert.ok(lines.includes(`  ${result.cause!.detail}`));
  }
  assert.ok(lines.includes('  근거: nt-host: -P FORWARD DROP (policy, 1 packet)'));
  assert.equal(lines[lines.indexOf('수정 (root로, 이 순서대로 실행):') + 1], MASQUERADE_FIX);
  assert.doesNotMatch(text.replace(result.cause!.detail, ''), /\b(request|reply|verdict|evidence)\b/, 'no English words outside data');
});

test('predicted (diagnose): marks from stopped_at without observations, no table', () => {
  const result = { ...masqueradeStage(), observations: [] };
  const text = formatTrace(result, { color: false, lang: 'en', predicted: true });
  const body = text.slice(text.indexOf('\n\n') + 2);
  assert.match(text, /^Predicted from configuration alone/);
  assert.deepEqual(marksUnderHops(body, UPLINK_LABELS, 'request'), ['✓', '✓', '✓', '✓']);
  assert.deepEqual(marksUnderHops(body, UPLINK_LABELS, 'reply'), ['·', '·', '✗', '✓']);
  assert.doesNotMatch(text, /│ hop/);
  const stoppedEarly = formatTrace({ ...noRouteAtSource(UPLINK_PATH), observations: [] }, { color: false, lang: 'en', predicted: true });
  const early = stoppedEarly.slice(stoppedEarly.indexOf('\n\n') + 2);
  assert.deepEqual(marksUnderHops(early, UPLINK_LABELS, 'request'), ['✗', '·', '·', '·']);
  assert.deepEqual(marksUnderHops(early, UPLINK_LABELS, 'reply'), ['·', '·', '·', '·']);
});

test('renderTrace writes the report to the given stream', () => {
  const out = textSink();
  renderTrace(reachedInternet(), out.stream, EN);
  assert.equal(out.text(), formatTrace(reachedInternet(), EN));
});

test('remote fault: no fix commands, says so; further faults of a diagnosis are named', () => {
  const result = Object.assign(masqueradeStage(), {
    fix: [],
    faults: [{ cause: masqueradeStage().cause! }, { cause: { kind: 'rp-filter' as const, namespace: 'RED', detail: 'x', evidence: [] } }],
    more_faults: true,
  });
  const lines = formatTrace(result, EN).split('\n');
  assert.ok(lines.includes('Nothing on this machine can fix this; no fix command is given.'));
  assert.ok(lines.includes('More faults follow once this one is fixed: rp-filter (RED).'));
  assert.ok(!lines.includes('fix (run as root, in this order):'));
});
