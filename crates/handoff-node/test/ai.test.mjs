// The AI SDK adapter against the AI SDK's own mock model, offline: the
// middleware hands a routed message off without calling the model and holds
// back a reply that breaks a rule, a clean reply passes, a call to
// handoff_to_human without the topic's fields is refused with what is
// missing, and one with them stops the run with the collected fields.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateText, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4, convertArrayToReadableStream } from 'ai/test';
import { Policy } from '@handoff/rules';
import { HANDOFF_TOOL, handoffMade, handoffMiddleware, handoffTool } from '@handoff/rules/ai';

const policy = Policy.fromSource(
  readFileSync(new URL('./fixtures/cafe.handoff', import.meta.url), 'utf8'),
);

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

function replying(...content) {
  return new MockLanguageModelV4({
    doGenerate: {
      content,
      finishReason: { unified: content.some((c) => c.type === 'tool-call') ? 'tool-calls' : 'stop', raw: undefined },
      usage,
      warnings: [],
    },
  });
}

test('a reply that promises a discount is held back: the hand-over message goes out, the verdict in providerMetadata', async () => {
  const held = [];
  const model = wrapLanguageModel({
    model: replying({ type: 'text', text: 'Sure! I can give you a 20% discount on your next visit.' }),
    middleware: handoffMiddleware(policy, { onHold: (h) => held.push(h) }),
  });
  const result = await generateText({ model, prompt: 'can I book a table? any discounts for students?' });
  assert.match(result.text, /A person from our team will take over/);
  assert.doesNotMatch(result.text, /20%/);
  const handoff = result.providerMetadata.handoff;
  assert.equal(handoff.held, true);
  assert.equal(handoff.reply, 'Sure! I can give you a 20% discount on your next visit.');
  assert.equal(handoff.verdict.ok, false);
  assert.deepEqual(
    handoff.verdict.broken.map((b) => [b.rule, b.phrase, b.piece]),
    [['never promise', 'discount', 'I can give you a 20% discount on your next visit']],
  );
  assert.equal(held.length, 1);
  assert.equal(held[0].message, result.text);
});

test('a clean reply passes unchanged, with no handoff metadata', async () => {
  const model = wrapLanguageModel({
    model: replying({ type: 'text', text: 'We open at 9 and close at 17 every day.' }),
    middleware: handoffMiddleware(policy),
  });
  const result = await generateText({ model, prompt: 'when do you open?' });
  assert.equal(result.text, 'We open at 9 and close at 17 every day.');
  assert.equal(result.providerMetadata?.handoff, undefined);
});

test("the customer's message decides the topic, so that topic's `must not` applies", async () => {
  const reply = { type: 'text', text: 'Your booking is confirmed for Friday!' };
  const booking = wrapLanguageModel({ model: replying(reply), middleware: handoffMiddleware(policy) });
  const held = await generateText({ model: booking, prompt: 'can I book a table for 4 on friday?' });
  assert.deepEqual(
    held.providerMetadata.handoff.verdict.broken.map((b) => [b.rule, b.phrase, b.topic]),
    [['must not', 'confirm', 'booking']],
  );
  assert.equal(held.providerMetadata.handoff.topic, 'booking');

  const hours = wrapLanguageModel({ model: replying(reply), middleware: handoffMiddleware(policy) });
  const passed = await generateText({ model: hours, prompt: 'when do you open?' });
  assert.equal(passed.text, reply.text, 'no `must not` of `hours` forbids it');

  const given = wrapLanguageModel({
    model: replying(reply),
    middleware: handoffMiddleware(policy, { topic: 'booking', handOverMessage: 'Un momento, por favor.' }),
  });
  const result = await generateText({ model: given, prompt: 'when do you open?' });
  assert.equal(result.text, 'Un momento, por favor.');
});

test('a streamed reply is held until complete, then replaced when it breaks a rule', async () => {
  const streaming = (...deltas) =>
    new MockLanguageModelV4({
      doStream: {
        stream: convertArrayToReadableStream([
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: 't' },
          ...deltas.map((delta) => ({ type: 'text-delta', id: 't', delta })),
          { type: 'text-end', id: 't' },
          { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
        ]),
      },
    });
  const broken = streamText({
    model: wrapLanguageModel({
      model: streaming('You will get ', 'a full refund ', 'tomorrow.'),
      middleware: handoffMiddleware(policy),
    }),
    prompt: 'when do you open on sunday?',
  });
  assert.match(await broken.text, /A person from our team will take over/);
  const metadata = await broken.providerMetadata;
  assert.deepEqual(
    metadata.handoff.verdict.broken.map((b) => b.phrase),
    ['refund'],
  );

  const clean = streamText({
    model: wrapLanguageModel({
      model: streaming('We open ', 'at 9.'),
      middleware: handoffMiddleware(policy),
    }),
    prompt: 'when do you open?',
  });
  assert.equal(await clean.text, 'We open at 9.');
});

test('handoff_to_human: the policy schema, and a call to it stops the run with the collected fields', async () => {
  const handoffs = [];
  const handoff = handoffTool(policy, {
    onHandoff: (input) => {
      handoffs.push(input);
      return { ticket: 'T-1' };
    },
  });
  assert.equal(handoff.description, policy.tool('openai').function.description);

  const input = {
    details: { topic: 'booking', day: '2026-12-04', party_size: 12 },
    summary: 'A party of 12 on Friday 4 December.',
  };
  // The model calls the tool; a second response would follow if the run
  // went on after it.
  const model = new MockLanguageModelV4({
    doGenerate: [
      {
        content: [
          { type: 'tool-call', toolCallId: 'call-1', toolName: HANDOFF_TOOL, input: JSON.stringify(input) },
        ],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
      {
        content: [{ type: 'text', text: 'This must never be generated.' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      },
    ],
  });
  const result = await generateText({
    model,
    system: policy.prompt(),
    prompt: 'I want to book for 12 people on Friday',
    tools: { [HANDOFF_TOOL]: handoff },
    stopWhen: handoffMade(policy),
  });
  assert.equal(result.steps.length, 1);
  assert.equal(model.doGenerateCalls.length, 1);
  assert.deepEqual(result.toolCalls.map((c) => [c.toolName, c.input]), [[HANDOFF_TOOL, input]]);
  assert.deepEqual(handoffs, [input]);
  assert.deepEqual(result.toolResults.map((r) => r.output), [{ ticket: 'T-1' }]);

  // The model saw the policy's schema for the tool.
  const [sent] = model.doGenerateCalls[0].tools;
  assert.equal(sent.name, HANDOFF_TOOL);
  assert.deepEqual(sent.inputSchema, policy.tool('openai').function.parameters);
});

/** A model that fails the test if it is called. */
function neverCalled() {
  const fail = () => assert.fail('the model was called for a message the rules hand off');
  return new MockLanguageModelV4({ doGenerate: fail, doStream: fail });
}

test('a message the rules hand off never reaches the model: generateText', async () => {
  const held = [];
  const result = await generateText({
    model: wrapLanguageModel({
      model: neverCalled(),
      middleware: handoffMiddleware(policy, {
        handOverMessage: (h) => `A colleague takes over (${h.decision.collect.map((f) => f.name).join(', ')}).`,
        onHold: (h) => held.push(h),
      }),
    }),
    prompt: 'I have a complaint about my booking',
  });
  assert.equal(result.text, 'A colleague takes over (day, party size).');
  const handoff = result.providerMetadata.handoff;
  assert.deepEqual([handoff.by, handoff.topic, handoff.decision.handoff], ['route', 'booking', true]);
  assert.deepEqual(handoff.decision, policy.route('I have a complaint about my booking'));
  assert.equal(held.length, 1);
  assert.equal(held[0].message, result.text);
});

test('a message the rules hand off never reaches the model: streamText', async () => {
  const result = streamText({
    model: wrapLanguageModel({ model: neverCalled(), middleware: handoffMiddleware(policy) }),
    prompt: 'hello there',
    onError: ({ error }) => assert.fail(error),
  });
  assert.match(await result.text, /A person from our team will take over/);
  const metadata = await result.providerMetadata;
  assert.deepEqual([metadata.handoff.by, metadata.handoff.topic], ['route', null]);
  assert.deepEqual(metadata.handoff.decision.reasons.map((r) => r.rule), ['fallback']);
});

test('handoff_to_human without the topic\'s fields is refused: the model reads what is missing and asks', async () => {
  const handoffs = [];
  const incomplete = { details: { topic: 'booking' }, summary: 'Wants a table.' };
  const model = new MockLanguageModelV4({
    doGenerate: [
      {
        content: [{ type: 'tool-call', toolCallId: 'c1', toolName: HANDOFF_TOOL, input: JSON.stringify(incomplete) }],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
      {
        content: [{ type: 'text', text: 'Which day, and for how many people?' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      },
    ],
  });
  const result = await generateText({
    model,
    prompt: 'can I book a table?',
    tools: { [HANDOFF_TOOL]: handoffTool(policy, { onHandoff: (input) => handoffs.push(input) }) },
    stopWhen: handoffMade(policy),
  });
  assert.deepEqual(handoffs, []);
  assert.equal(result.text, 'Which day, and for how many people?');
  const [refused] = result.steps[0].toolResults.map((r) => r.output);
  assert.equal(refused.handedOff, false);
  assert.equal(refused.reply, policy.checkHandoff(incomplete).reply);
  assert.deepEqual(refused.problems.map((p) => p.argument), ['details.day', 'details.party_size']);
  // The model saw the refusal before its second answer.
  const sent = JSON.stringify(model.doGenerateCalls[1].prompt);
  assert.ok(sent.includes('day is missing: ask the customer for it'));
});

test('importing the adapter with another major version of ai throws with what to install', () => {
  const app = mkdtempSync(join(tmpdir(), 'handoff-node-ai6-'));
  const ai = join(app, 'node_modules', 'ai');
  mkdirSync(ai, { recursive: true });
  // A copy, not a link: Node resolves `ai` from a linked package's real
  // directory, which has this package's own ai 7.
  const rules = join(app, 'node_modules', '@handoff', 'rules');
  mkdirSync(rules, { recursive: true });
  const here = fileURLToPath(new URL('..', import.meta.url));
  for (const file of readdirSync(here)) {
    if (/\.(mjs|js|json|node)$/.test(file) && file !== 'package-lock.json') copyFileSync(join(here, file), join(rules, file));
  }
  writeFileSync(join(ai, 'package.json'), JSON.stringify({ name: 'ai', version: '6.0.99', type: 'module', exports: './index.js' }));
  writeFileSync(join(ai, 'index.js'), 'export const jsonSchema = () => {}; export const tool = () => {};\n');
  writeFileSync(join(app, 'app.mjs'), "import '@handoff/rules/ai';\n");
  let failure;
  try {
    execFileSync(process.execPath, ['app.mjs'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    failure = e.stderr;
  }
  assert.match(failure, /@handoff\/rules\/ai needs the AI SDK 7 \(ai@\^7\.0\.0\), but ai@6\.0\.99 is installed: run `npm install ai@7`/);
  assert.match(failure, /code: 'HANDOFF_AI_VERSION'/);
});
