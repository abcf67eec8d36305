// The cases of tests/packages/cases.json, which the Python package's suite
// (crates/handoff-python/tests/test_cases.py) runs too: the two packages
// give the same answers to the same calls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Policy } from '@handoff/rules';
import { metaMetadata } from '@handoff/rules/meta';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cases = JSON.parse(readFileSync(`${root}tests/packages/cases.json`, 'utf8'));
const loaded = new Map();
const rules = (name) => {
  if (!loaded.has(name)) loaded.set(name, Policy.fromFile(root + cases.rules[name]));
  return loaded.get(name);
};
const label = (c, key) => `${c.rules}: ${JSON.stringify(c[key])}`.slice(0, 60);

for (const c of cases.route) {
  test(`route ${label(c, 'message')}`, () => {
    const decision = rules(c.rules).route(c.message);
    assert.deepEqual([decision.topic, decision.handoff], [c.topic, c.handoff]);
    assert.deepEqual(decision.reasons.map((r) => [r.rule, r.phrase]), c.fired);
    assert.deepEqual(decision.collect.map((f) => f.name), c.collect);
  });
}

for (const c of cases.check_reply) {
  test(`checkReply ${label(c, 'reply')}`, () => {
    const verdict = rules(c.rules).checkReply(c.reply, c.topic);
    assert.deepEqual(verdict.broken.map((b) => [b.rule, b.phrase]), c.broken);
    assert.equal(verdict.ok, c.broken.length === 0);
  });
}

for (const c of cases.check_handoff) {
  test(`checkHandoff ${label(c, 'arguments')}`, () => {
    const check = rules(c.rules).checkHandoff(c.arguments);
    assert.deepEqual([check.ok, check.topic], [c.ok, c.topic]);
    assert.deepEqual(check.problems.map((p) => [p.argument, p.problem]), c.problems);
    if (c.ok) assert.equal(check.reply, null);
    else {
      assert.ok(check.reply.startsWith('The handoff was not made. '));
      for (const [, problem] of c.problems) assert.ok(check.reply.includes(problem), problem);
    }
    if (typeof c.arguments !== 'string') {
      // The JSON text a model writes is checked the same.
      assert.deepEqual(rules(c.rules).checkHandoff(JSON.stringify(c.arguments)), check);
    }
  });
}

for (const c of cases.meta_metadata) {
  test(`metaMetadata ${label(c, 'message')}`, () => {
    const decision = rules(c.rules).route(c.message);
    assert.deepEqual(metaMetadata(decision, c.fields, c.summary).split('\n'), c.lines);
  });
}

for (const c of cases.tool_shapes) {
  test(`tool ${c.shape}`, () => {
    const value = c.path.reduce((v, key) => v[key], rules('salon').tool(c.shape));
    assert.deepEqual(value, c.value);
  });
}

test('tool: an unknown shape names the shapes', () => {
  assert.throws(() => rules('salon').tool('gemini'), {
    code: 'HANDOFF_UNKNOWN_SHAPE',
    message: cases.unknown_tool_shape,
  });
});

for (const c of cases.format_versions) {
  test(`fromJson format_version ${c.format_version}`, async () => {
    const policy = rules('salon').policy;
    policy.format_version = c.format_version;
    policy.a_key_from_a_newer_minor = { ignored: true };
    const text = JSON.stringify(policy);
    if (c.error) {
      assert.throws(() => Policy.fromJson(text), {
        name: 'RulesError',
        code: 'HANDOFF_FORMAT_VERSION',
        message: c.error,
        diagnostics: [],
      });
      return;
    }
    const warnings = [];
    const listen = (w) => warnings.push(w);
    process.on('warning', listen);
    const loaded = Policy.fromJson(text);
    // process warnings are emitted on the next tick.
    await new Promise((done) => setImmediate(done));
    process.off('warning', listen);
    assert.deepEqual(
      warnings.map((w) => [w.code, w.message]),
      c.warning ? [['HANDOFF_NEWER_FORMAT', c.warning]] : [],
    );
    assert.equal(loaded.route('Do you have time on Friday?').topic, 'booking');
  });
}
