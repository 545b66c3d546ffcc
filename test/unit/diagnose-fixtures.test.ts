// Every recorded scenario in fixtures/diagnose/*.json gives its expected verdict, cause, stop and fix;
// the fixes, applied to the configuration, make the probe reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigEvidence } from '../../src/diagnose/evidence.js';
import { diagnoseFromConfig, findFaults } from '../../src/diagnose/diagnose-config.js';
import { applyFixes } from '../../src/diagnose/fix-action.js';
import { explainFault } from '../../src/diagnose/explain.js';
import type { Expectation } from '../../fixtures/diagnose/scenarios.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/diagnose');
const scenarios = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name: string; description: string; evidence: ConfigEvidence; expect: Expectation });

const ALL_KINDS = ['no-route', 'link-down', 'not-bridged', 'neighbor-unreachable', 'ip-forward-disabled', 'forward-drop', 'input-drop', 'output-drop', 'missing-nat', 'rp-filter', 'remote-unreachable'];

test('there are fixtures for every cause kind of CONTRACT.md', () => {
  const kinds = new Set(scenarios.map((scenario) => scenario.expect.cause?.kind).filter(Boolean));
  assert.deepEqual([...ALL_KINDS].filter((kind) => !kinds.has(kind)), []);
});

for (const scenario of scenarios) {
  test(`${scenario.name}: ${scenario.description}`, () => {
    const before = JSON.stringify(scenario.evidence);
    const result = diagnoseFromConfig(scenario.evidence);
    const expect = scenario.expect;
    assert.equal(JSON.stringify(scenario.evidence), before, 'the evidence is not modified');
    assert.equal(result.verdict, expect.verdict);
    if (expect.verdict === 'reached') {
      assert.equal(result.cause, null);
      assert.equal(result.stopped_at, null);
    }
    if (expect.cause) {
      assert.equal(result.cause?.kind, expect.cause.kind);
      assert.equal(result.cause?.namespace, expect.cause.namespace);
      assert.ok(result.cause.detail.length > 20 && result.cause.evidence.length > 0);
      assert.doesNotMatch(result.cause.detail, /\{\w+\}/, 'every placeholder is filled');
      assert.doesNotMatch(explainFault(result.faults[0], 'ko'), /\{\w+\}/);
    }
    if (expect.stopped_at) assert.deepEqual(result.stopped_at, expect.stopped_at);
    if (expect.fix) assert.deepEqual(result.fix, expect.fix);
    if (expect.more_faults !== undefined) {
      assert.equal(result.more_faults, expect.more_faults);
      assert.equal(result.cause?.evidence.some((line) => line.startsWith('More faults follow')) ?? false, expect.more_faults);
    }
    if (expect.unchecked !== undefined) assert.equal(result.unchecked.length, expect.unchecked);
    assert.ok(result.netfilter.every((entry) => entry.source === 'evaluated'));
  });
}

test('applying the fixes of every fixable scenario makes the probe reach', () => {
  for (const scenario of scenarios) {
    const { fixes, complete } = findFaults(scenario.evidence);
    if (!complete) continue;
    const after = diagnoseFromConfig(applyFixes(scenario.evidence, fixes));
    assert.equal(after.verdict, 'reached', scenario.name);
  }
});

test('the faults with no fix on this machine say so (remote, unknown next hop)', () => {
  for (const name of ['remote-unreachable', 'neighbor-unreachable-on-link']) {
    const scenario = scenarios.find((candidate) => candidate.name === name);
    assert.ok(scenario);
    const result = diagnoseFromConfig(scenario.evidence);
    assert.deepEqual(result.fix, []);
    assert.equal(result.fix_complete, false);
  }
});
