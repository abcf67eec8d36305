// The recorder: records as the rules' `log:` keeps them, personal data
// removed, whole lines, following reload(); and the AI SDK middleware
// records when given one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

import { Policy } from '@handoff/rules';
import { handoffMiddleware } from '@handoff/rules/ai';

const rules = `business "Test Cafe"
never promise discount
handoff when complaint
topic booking: about book, table; must not confirm; collect day
log: save question, answer, sources, mood; redact names, phone numbers, email
`;

const lines = (path) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('record: what save keeps, redacted, as one line; a torn line costs only itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-log-'));
  const log = join(dir, 'log.jsonl');
  const policy = Policy.fromSource(rules);
  const recorder = policy.recorder(log, { channel: 'whatsapp' });
  assert.equal(recorder.path, log);
  const reply = 'Your table is confirmed, Anna Berg!';
  const record = recorder.record({
    message: 'book a table for friday, call 070-123 45 67',
    reply,
    sources: ['bookings'],
    time: new Date(Date.UTC(2026, 10, 23, 9, 0, 0)),
    extra: { mood: 'happy, mail anna@example.com' },
  });
  assert.equal(record.time, '2026-11-23T09:00:00.000Z');
  assert.equal(record.question, 'book a table for friday, call [phone]');
  assert.equal(record.answer, 'Your table is confirmed, [name]!');
  assert.equal(record.mood, 'happy, mail [email]');
  assert.equal(record.channel, 'whatsapp');
  assert.equal(record.topic, 'booking');
  assert.equal(record.handed_off, true);
  assert.deepEqual(record.held.map((h) => [h.rule, h.phrase]), [['must not', 'confirm']]);
  assert.match(record.policy, /^sha256:[0-9a-f]{16}$/);
  assert.deepEqual(lines(log), [record]);

  appendFileSync(log, '{"time":"2026-11-2');
  recorder.record({ message: 'book a table', time: '2026-11-24T10:00:00+01:00' });
  const text = readFileSync(log, 'utf8').split('\n');
  assert.equal(text.length, 4);
  assert.equal(text[1], '{"time":"2026-11-2');
  assert.equal(JSON.parse(text[2]).time, '2026-11-24T10:00:00+01:00');
  assert.doesNotMatch(readFileSync(log, 'utf8'), /070-123|anna@example/);
});

test('record: a field the rules do not save, a time that is none, and a log that cannot be written throw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-log-'));
  const recorder = Policy.fromSource(rules).recorder(join(dir, 'log.jsonl'));
  assert.throws(() => recorder.record({ message: 'hi', extra: { phone: '070' } }), {
    code: 'HANDOFF_BAD_RECORD',
    message: /does not save `phone`/,
  });
  assert.throws(() => recorder.record({ message: 'hi', time: 'yesterday' }), {
    code: 'HANDOFF_BAD_RECORD',
    message: /RFC 3339/,
  });
  assert.throws(() => recorder.record({}), { code: 'ERR_INVALID_ARG_TYPE' });
  const missing = Policy.fromSource(rules).recorder(join(dir, 'missing', 'log.jsonl'));
  assert.throws(() => missing.record({ message: 'hi' }), { code: 'ENOENT', message: /cannot append to/ });
});

test('records follow reload()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-log-'));
  const file = join(dir, 'rules.handoff');
  writeFileSync(file, rules);
  const policy = Policy.fromFile(file);
  const log = join(dir, 'log.jsonl');
  const recorder = policy.recorder(log);
  recorder.record({ message: 'a table please' });
  writeFileSync(file, rules.replace('about book, table', 'about book, table, reservation'));
  policy.reload();
  recorder.record({ message: 'a reservation please' });
  const [before, after] = lines(log);
  assert.notEqual(before.policy, after.policy);
  assert.equal(after.topic, 'booking');
});

test('the AI SDK middleware records each message when given a recorder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-log-'));
  const log = join(dir, 'log.jsonl');
  const policy = Policy.fromSource(rules);
  const replying = (text) =>
    new MockLanguageModelV4({
      doGenerate: {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: undefined },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      },
    });
  const middleware = handoffMiddleware(policy, { recorder: policy.recorder(log) });
  for (const [prompt, text] of [
    ['I have a complaint about my table', 'Sorry!'],
    ['can I book a table?', 'Sure, and you get a 20% discount.'],
    ['can I book a table?', 'Which day suits you?'],
  ]) {
    await generateText({ model: wrapLanguageModel({ model: replying(text), middleware }), prompt });
  }
  assert.deepEqual(
    lines(log).map((r) => [r.topic, r.handed_off, r.held.map((h) => h.phrase), r.answer ?? null]),
    [
      ['booking', true, [], null],
      ['booking', true, ['discount'], 'Sure, and you get a 20% discount.'],
      ['booking', false, [], 'Which day suits you?'],
    ],
  );
});
