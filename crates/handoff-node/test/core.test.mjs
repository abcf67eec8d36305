// The native binding, built by `napi build`: every method of `Policy`, the
// errors, and that the results are the core's (the same as the CLI's JSON).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Policy } from '@handoff/rules';

const fixture = fileURLToPath(new URL('./fixtures/cafe.handoff', import.meta.url));
const source = readFileSync(fixture, 'utf8');
const shop = fileURLToPath(new URL('../../../examples/shop.handoff', import.meta.url));

test('route: the topic, the handoff, the reasons with their lines, the fields to collect', () => {
  const policy = Policy.fromSource(source);
  assert.deepEqual(policy.route('when do you open on sunday?'), {
    topic: 'hours',
    handoff: false,
    reasons: [
      {
        rule: 'about',
        phrase: 'open',
        matched: [{ word: 'open', rule_word: 'open', match: 'exact' }],
        line: 13,
      },
    ],
    collect: [],
  });
  const complaint = policy.route('I have a complaint about my bookng');
  assert.equal(complaint.topic, 'booking');
  assert.equal(complaint.handoff, true);
  assert.deepEqual(
    complaint.reasons.map((r) => [r.rule, r.phrase, r.line]),
    [
      // "bookng" is a shortened "book" and a typo of "booking": the
      // better match explains it, so `booking` is not named again.
      ['about', 'book', 7],
      ['global_handoff_when', 'complaint', 3],
    ],
  );
  assert.deepEqual(complaint.reasons[0].matched, [
    { word: 'bookng', rule_word: 'book', match: 'prefix' },
  ]);
  assert.deepEqual(
    complaint.collect.map((f) => [f.name, f.type]),
    [
      ['day', 'date'],
      ['party size', 'number'],
    ],
  );
  const nothing = policy.route('hello there');
  assert.equal(nothing.topic, null);
  assert.equal(nothing.handoff, true, '`fallback handoff` decides');
  assert.deepEqual(nothing.reasons, [
    { rule: 'fallback', phrase: 'handoff', matched: [], line: 4 },
  ]);
});

test('checkReply: a promise is held back with the piece, its place and why; a clean reply passes', () => {
  const policy = Policy.fromSource(source);
  const reply = '🎉 Good news! I can give you a 20% discount today.';
  const verdict = policy.checkReply(reply);
  assert.equal(verdict.ok, false);
  assert.equal(verdict.broken.length, 1);
  const [broken] = verdict.broken;
  assert.equal(broken.rule, 'never promise');
  assert.equal(broken.phrase, 'discount');
  assert.equal(broken.topic, null);
  assert.equal(broken.line, 2);
  assert.equal(broken.piece, 'I can give you a 20% discount today');
  // UTF-16 offsets, so the emoji before the piece does not shift it.
  assert.equal(reply.slice(broken.start, broken.end), broken.piece);
  assert.match(broken.why, /discount/);

  assert.deepEqual(policy.checkReply('We open at 9 and close at 17.'), { ok: true, broken: [] });
  assert.deepEqual(
    policy.checkReply("I can't promise a discount, but a colleague will check."),
    { ok: true, broken: [] },
  );
});

test("checkReply: a topic's `must not` applies only with that topic; an unknown topic throws", () => {
  const policy = Policy.fromSource(source);
  const reply = 'Your booking is confirmed for Friday!';
  assert.equal(policy.checkReply(reply).ok, true);
  const verdict = policy.checkReply(reply, 'booking');
  assert.deepEqual(
    verdict.broken.map((b) => [b.rule, b.phrase, b.topic, b.line]),
    [['must not', 'confirm', 'booking', 9]],
  );
  assert.throws(() => policy.checkReply(reply, 'bookings'), {
    code: 'HANDOFF_UNKNOWN_TOPIC',
    message: 'the rules have no topic `bookings` (they have: booking, hours)',
  });
});

test('prompt: the Markdown system prompt names the business and the rules', () => {
  const prompt = Policy.fromSource(source).prompt();
  assert.match(prompt, /^# /);
  assert.match(prompt, /Test Cafe/);
  assert.match(prompt, /discount/);
  assert.match(prompt, /handoff_to_human/);
});

test('tool: the four shapes, each topic with its fields in order, the topic first', () => {
  const policy = Policy.fromSource(source);
  const openai = policy.tool('openai');
  assert.equal(openai.type, 'function');
  assert.equal(openai.function.name, 'handoff_to_human');
  assert.match(openai.function.description, /Test Cafe/);
  const booking = openai.function.parameters.properties.details.anyOf[0];
  assert.deepEqual(Object.keys(booking.properties), ['topic', 'day', 'party_size']);
  assert.deepEqual(booking.required, ['topic', 'day', 'party_size']);
  assert.deepEqual(policy.tool(), openai, 'openai is the default shape');

  const strict = policy.tool('openai_strict');
  assert.equal(strict.function.strict, true);
  assert.equal(policy.tool('anthropic').name, 'handoff_to_human');
  assert.deepEqual(policy.tool('anthropic').input_schema, openai.function.parameters);
  const schema = policy.tool('json_schema');
  assert.deepEqual(schema.required, ['details', 'summary']);
});

test('policy, toJson and fromJson: the JSON policy round-trips and routes the same', () => {
  const policy = Policy.fromFile(shop);
  const json = policy.toJson();
  assert.deepEqual(policy.policy, JSON.parse(json));
  assert.equal(policy.policy.business.name, 'Lumo Ceramics');
  const loaded = Policy.fromJson(json);
  assert.equal(loaded.toJson(), json);
  assert.deepEqual(loaded.warnings, []);
  for (const message of ['is the blue mug in stock?', 'I want a wedding set of 40 plates', 'hei']) {
    assert.deepEqual(loaded.route(message), policy.route(message), message);
  }
});

test('fromJson: text that is no policy throws a RulesError with the reason', () => {
  assert.throws(() => Policy.fromJson('{}'), {
    name: 'RulesError',
    code: 'HANDOFF_POLICY_JSON',
    message: 'not a handoff policy: missing field `format_version` at line 1 column 2',
  });
});

test('a file with errors throws a RulesError: the report as the message, the diagnostics as records', () => {
  let error;
  try {
    Policy.fromSource('topic booking "Bookings":\n  abut table\n');
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'RulesError');
  assert.equal(error.code, 'HANDOFF_RULES');
  const syntax = error.diagnostics.find((d) => d.severity === 'error');
  assert.deepEqual(syntax, {
    code: 'H001',
    name: 'syntax-error',
    severity: 'error',
    message: 'expected a clause such as `may`, `must not`, `collect`, but found `abut`',
    line: 2,
    column: 3,
    end_line: 2,
    end_column: 7,
    help: 'did you mean `about`?',
  });
  assert.ok(error.diagnostics.some((d) => d.name === 'untested-topic' && d.severity === 'warning'));
  // The message is the report `handoff check` prints, without colour.
  assert.match(error.message, /^warning\[H\d{3}\//);
  assert.ok(error.message.includes('error[H001/syntax-error]: expected a clause'));
  assert.ok(error.message.includes('  ┌─ <source>:2:3\n'));
  assert.ok(error.message.includes('  = help: did you mean `about`?\n'));
  assert.match(error.message, /\nFound 1 error and \d+ warnings in <source>\.$/);
});

test('fromFile: the nearest handoff.toml sets the lint levels, as handoff check does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-node-'));
  const file = join(dir, 'cafe.handoff');
  copyFileSync(fixture, file);

  assert.deepEqual(
    Policy.fromFile(file).warnings.map((w) => w.name),
    ['risky-topic-without-handoff'],
  );

  writeFileSync(join(dir, 'handoff.toml'), '[lints]\nrisky-topic-without-handoff = "error"\n');
  assert.throws(() => Policy.fromFile(file), (error) => {
    assert.equal(error.name, 'RulesError');
    assert.deepEqual(
      error.diagnostics.map((d) => [d.name, d.severity, d.line]),
      [['risky-topic-without-handoff', 'error', 6]],
    );
    assert.match(error.message, /cafe\.handoff:6:7/);
    return true;
  });

  writeFileSync(join(dir, 'handoff.toml'), '[lints]\nrisky-topic-without-handoff = "allow"\n');
  assert.deepEqual(Policy.fromFile(file).warnings, []);

  writeFileSync(join(dir, 'handoff.toml'), '[lints]\nrisky-topic = "allow"\n');
  assert.throws(() => Policy.fromFile(file), (error) => {
    assert.equal(error.name, 'RulesError');
    assert.deepEqual(error.diagnostics, []);
    assert.match(error.message, /unknown check `risky-topic`/);
    return true;
  });
});

test('fromFile: a missing file throws with its path', () => {
  assert.throws(() => Policy.fromFile('/nonexistent/rules.handoff'), {
    code: 'ENOENT',
    path: '/nonexistent/rules.handoff',
    message: /^cannot read `\/nonexistent\/rules\.handoff`: /,
  });
});

test('errors carry codes a program can test', () => {
  const policy = Policy.fromSource(source);
  assert.throws(() => policy.route(42), {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    message: '`message` must be a string, not number',
  });
  assert.throws(() => Policy.fromFile(undefined), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => policy.checkReply('hi', 7), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => policy.checkReply('hi', 'bookings'), { code: 'HANDOFF_UNKNOWN_TOPIC' });
  assert.throws(() => Policy.fromJson('{}'), { name: 'RulesError', code: 'HANDOFF_POLICY_JSON' });
  const dir = mkdtempSync(join(tmpdir(), 'handoff-node-'));
  assert.throws(() => Policy.fromFile(dir), { code: 'EISDIR', path: dir });
  assert.throws(() => Policy.fromSource(source).reload(), { code: 'HANDOFF_NO_FILE' });
});

// A new file in place of the old, as an editor or a deploy writes it.
function replace(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

test('reload swaps the rules; a broken file throws and keeps the old rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-node-'));
  const file = join(dir, 'cafe.handoff');
  replace(file, source);
  const policy = Policy.fromFile(file);
  const before = policy.snapshot();
  assert.equal(policy.route('can I reserve for friday').topic, null);
  replace(file, source.replace('about book, booking, table', 'about book, booking, table, reserve'));
  policy.reload();
  assert.equal(policy.route('can I reserve for friday').topic, 'booking');
  // A snapshot keeps the rules it was taken with.
  assert.equal(before.route('can I reserve for friday').topic, null);

  replace(file, `${source}topic broken\n`);
  assert.throws(() => policy.reload(), { name: 'RulesError', code: 'HANDOFF_RULES' });
  assert.equal(policy.route('can I reserve for friday').topic, 'booking');
  rmSync(file);
  assert.throws(() => policy.reload(), { code: 'ENOENT', path: file });
  assert.equal(policy.route('can I reserve for friday').topic, 'booking');

  const other = join(dir, 'other.handoff');
  replace(other, source.replaceAll('booking', 'bookings'));
  policy.reload(other);
  assert.equal(policy.route('can I book a table').topic, 'bookings');
});

test('runTests: every test line of an example passes, with its line and kind, as handoff test runs them', () => {
  const policy = Policy.fromFile(shop);
  const run = policy.runTests();
  const lines = policy.policy.tests.map((t) => t.span.line)
    .concat(policy.policy.reply_tests.map((t) => t.span.line));
  assert.deepEqual(run.results.map((r) => r.line), lines);
  assert.ok(run.results.every((r) => r.passed), JSON.stringify(run.results.filter((r) => !r.passed)));
  assert.deepEqual([...new Set(run.results.map((r) => r.kind))].sort(), ['message', 'reply']);
});

test('runTests: a failing reply test says what it expected, what it got and why', () => {
  const policy = Policy.fromSource(
    'never promise refund, discount\ntopic booking: about book\ntest "book" -> booking\n' +
      'test reply "You will get a full refund" -> ok\n',
  );
  const [, reply] = policy.runTests().results;
  assert.equal(reply.passed, false);
  assert.equal(reply.expected, 'ok');
  assert.equal(reply.got, 'breaks refund');
  assert.match(reply.why[0], /^breaks `never promise refund` \(line 1\)/);
  const gaps = policy.runTests().coverage.map((g) => g.message);
  assert.ok(gaps.includes('`never promise discount` (line 1) is broken by no reply test'), gaps);
});
