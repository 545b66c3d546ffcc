// The progress line: nothing at all unless the stream is a terminal; on a terminal it shows the text and erases itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/render/spinner.js';

function stream(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string; writes: () => number } {
  const chunks: string[] = [];
  const out: Writable & { isTTY?: boolean } = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  if (isTTY) out.isTTY = true;
  return { out, text: () => chunks.join(''), writes: () => chunks.length };
}

test('not a TTY: no output at all', async () => {
  const s = stream(false);
  const progress = createProgress(s.out);
  progress.update('capturing on 4 interfaces');
  await new Promise((resolve) => setTimeout(resolve, 200));
  progress.done();
  assert.equal(s.writes(), 0);
});

test('a TTY: shows the text, animates, and erases the line when done; nothing after done', async () => {
  const s = stream(true);
  const progress = createProgress(s.out);
  progress.update('capturing on 4 interfaces');
  assert.match(s.text(), /\r\u001b\[2K. capturing on 4 interfaces$/);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const framesBeforeDone = s.writes();
  assert.ok(framesBeforeDone >= 2, 'the spinner redraws while waiting');
  progress.done();
  assert.ok(s.text().endsWith('\r\u001b[2K'), 'the line is erased');
  const afterDone = s.writes();
  progress.update('late');
  progress.done();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(s.writes(), afterDone);
});
