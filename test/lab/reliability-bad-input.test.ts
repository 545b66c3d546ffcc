// Bad input against a real lab: unknown endpoints (the message lists what exists), names with shell
// metacharacters or path segments, invalid and IPv6 addresses, not root, tools missing from PATH, a
// container name without dockerd, no lab. Each: one sentence, CONTRACT.md's exit code, no stack trace,
// and nothing created. Run under scripts/isolated.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, readdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BIN, nettrace, isRoot, netnsList, ROOT } from '../helpers/cli.js';
import { whichTool } from '../../src/system/preflight.js';
import { snapshotAll } from '../helpers/reliability-snapshot.js';

const skip = isRoot ? false : 'needs root (real namespaces)';
let scratch = '';

before(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  const up = await nettrace(['lab', 'up', '--sandbox', '--stage', 'complete']);
  assert.equal(up.code, 0, up.stderr);
  scratch = await mkdtemp(join(tmpdir(), 'nt-rel-path-'));
  await chmod(scratch, 0o755);
});
after(async () => {
  if (!isRoot) return;
  await nettrace(['lab', 'down']);
  await rm(scratch, { recursive: true, force: true });
});

// One `nettrace: …` sentence, nothing else, no stack trace.
function assertOneSentence(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `one line: ${stderr}`);
  assert.match(lines[0]!, /^nettrace: \S.*\.$/);
  assert.doesNotMatch(stderr, /\n\s+at |TypeError|RangeError/);
  return lines[0]!;
}

test('an unknown namespace: exit 2, the message lists the endpoints that exist', { skip }, async () => {
  for (const args of [['ping', 'GREEN', 'BLUE'], ['ping', 'RED', 'GREEN'], ['diagnose', 'GREEN', 'RED']]) {
    const r = await nettrace(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const line = assertOneSentence(r.stderr);
    assert.match(line, /"GREEN"/);
    for (const known of ['host', 'RED', 'BLUE']) assert.ok(line.includes(known), `lists ${known}: ${line}`);
  }
});

test('names with shell metacharacters or path segments: exit 2, nothing created, nothing run', { skip }, async () => {
  const before = await snapshotAll();
  for (const name of ['../x', 'a;b', '$(id)', '`id`', 'RED/../BLUE', '-n', '']) {
    for (const args of [['ping', name, 'BLUE'], ['diagnose', 'RED', name], ['--host-ns', name, 'lab', 'status']]) {
      const r = await nettrace(args);
      assert.equal(r.code, 2, `${JSON.stringify(args)}: exit ${r.code} ${r.stderr}`);
      assert.match(r.stderr, /^(nettrace: |error: )/, JSON.stringify(args));
      assert.doesNotMatch(r.stderr, /\n\s+at |uid=\d/, 'no stack trace, no command substitution');
    }
  }
  assert.deepEqual(await snapshotAll(), before, 'no namespace, link, rule or sysctl appeared or changed');
});

test('an invalid address: exit 2, one sentence; IPv6: exit 2, a clear "not yet"', { skip }, async () => {
  for (const dst of ['300.1.1.1', '11.11.11', '1.2.3.4.5', '01.2.3.4x']) {
    const r = await nettrace(['ping', 'RED', dst]);
    assert.equal(r.code, 2, `${dst}: ${r.stderr}`);
    assertOneSentence(r.stderr);
  }
  for (const dst of ['2001:db8::1', '::1', 'fe80::1%reth0']) {
    const r = await nettrace(['ping', 'RED', dst]);
    assert.equal(r.code, 2, `${dst}: ${r.stderr}`);
    assert.match(assertOneSentence(r.stderr), /IPv6.*not yet|not yet.*IPv6/);
  }
});

test('not root (as nobody): exit 3 with the sudo sentence, for every command that needs root', { skip }, async () => {
  const bin = BIN;
  const node = process.execPath;
  for (const args of [['ping', 'RED', 'BLUE'], ['lab', 'up', '--sandbox'], ['lab', 'down'], ['diagnose', 'RED', 'BLUE'], ['cleanup']]) {
    const r = await execa('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', node, bin, ...args], { reject: false, cwd: '/', env: { NO_COLOR: '1', LANG: 'C', PATH: process.env.PATH ?? '' } });
    assert.equal(r.exitCode, 3, `${args.join(' ')}: exit ${r.exitCode} ${r.stderr}`);
    assert.match(assertOneSentence(String(r.stderr)), /must run as root/);
  }
  assert.ok((await netnsList()).includes('RED'), 'the lab is untouched (lab down as nobody did nothing)');
});

// A PATH holding every tool nettrace may run except `missing`.
async function pathWithout(missing: string[]): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'bin-'));
  await chmod(dir, 0o755);
  const tools = ['node', 'ip', 'iptables', 'iptables-save', 'iptables-nft', 'iptables-nft-save', 'iptables-legacy', 'iptables-legacy-save',
    'nsenter', 'setpriv', 'tcpdump', 'ping', 'sysctl', 'grep', 'conntrack', 'xtables-monitor', 'nft', 'docker', 'dockerd', 'unshare'];
  for (const tool of tools.filter((t) => !missing.includes(t))) {
    const at = await whichTool(tool);
    if (at) await symlink(at, join(dir, tool));
  }
  return dir;
}

test('`ip` missing from PATH: exit 3 naming ip and its package; nothing created', { skip }, async () => {
  const path = await pathWithout(['ip']);
  const before = await netnsList();
  for (const args of [['ping', 'RED', 'BLUE'], ['lab', 'up', '--sandbox'], ['lab', 'down']]) {
    const r = await nettrace(args, { env: { PATH: path } });
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
    assert.match(assertOneSentence(r.stderr), /`ip` was not found in PATH.*iproute2/);
  }
  assert.deepEqual(await netnsList(), before);
  assert.ok((await readdir(path)).includes('node'), 'the PATH still had node (the check was about ip)');
});

test('`iptables` missing from PATH: lab up exits 3 naming iptables before creating anything', { skip }, async () => {
  const path = await pathWithout(['iptables', 'iptables-save', 'iptables-nft', 'iptables-nft-save', 'iptables-legacy', 'iptables-legacy-save']);
  assert.equal((await nettrace(['lab', 'down'])).code, 0);
  const r = await nettrace(['lab', 'up', '--sandbox'], { env: { PATH: path } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(assertOneSentence(r.stderr), /`iptables` was not found in PATH/);
  assert.deepEqual(await netnsList(), [], 'no half-built lab');
  const again = await nettrace(['lab', 'up', '--sandbox', '--stage', 'complete']);
  assert.equal(again.code, 0, again.stderr);
});

test('a container name while no dockerd runs: one sentence, exit 2 or 3, no stack trace', { skip }, async () => {
  const r = await nettrace(['ping', 'PINK', 'RED']);
  assert.ok(r.code === 2 || r.code === 3, `exit ${r.code}: ${r.stderr}`);
  assert.match(assertOneSentence(r.stderr), /PINK/);
});

test('no lab: lab status shows an empty machine (exit 0); ping to a lab name exits 2 saying only host exists; lab down is a no-op', { skip }, async () => {
  assert.equal((await nettrace(['lab', 'down'])).code, 0);
  const status = await nettrace(['lab', 'status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /0 other namespace/);
  const ping = await nettrace(['ping', 'RED', 'BLUE']);
  assert.equal(ping.code, 2, ping.stderr);
  assert.match(assertOneSentence(ping.stderr), /Unknown endpoint "RED".*these exist: host\.$/);
  const down = await nettrace(['lab', 'down']);
  assert.equal(down.code, 0);
  assert.match(down.stdout, /nothing|no lab/i);
  assert.deepEqual(await netnsList(), []);
});
