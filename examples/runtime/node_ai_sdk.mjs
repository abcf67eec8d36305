// A customer-service agent for WhatsApp, Instagram or a web chat, in Node
// with the Vercel AI SDK and the rules of examples/shop.handoff:
//
//   1. route each customer message with the rules: one they hand to a
//      person never reaches the model (the middleware);
//   2. check each reply before it is sent, and hold back one that breaks a
//      rule (the middleware);
//   3. hand off with the collected fields when the model says so (the
//      handoff_to_human tool, which refuses a call without the topic's
//      fields and tells the model what to ask for).
//
//   node node_ai_sdk.mjs [--offline] [RULES.handoff]
//
// RULES is read from the working directory (default: the shop's rules
// beside this file). `npm install @handoff/rules ai@7`; with OPENAI_API_KEY
// set and `@ai-sdk/openai` installed it plays the conversations with
// gpt-5-mini; without the key, or with --offline, with the AI SDK's
// scripted mock model, offline.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateText, wrapLanguageModel } from 'ai';
import { Policy } from '@handoff/rules';
import { HANDOFF_TOOL, handoffMade, handoffMiddleware, handoffTool } from '@handoff/rules/ai';

const HAND_OVER = 'Thanks! A person from our team will take over here shortly.';

/**
 * An agent that answers one customer message at a time. `handOff` is your
 * channel's hand-over: assign the chat to staff, open a ticket, pause the
 * bot for this customer.
 */
export function createAgent({ rules, model, handOff }) {
  // Load the rules once; a file with errors throws a RulesError whose
  // message is the report `handoff check` prints.
  const policy = Policy.fromFile(rules);
  const system = policy.prompt();

  return async function answer(conversation, message) {
    // 1 and 2: the middleware routes the message (a hand-over never
    // reaches the model) and checks the reply.
    let held = null;
    const guarded = wrapLanguageModel({
      model,
      middleware: handoffMiddleware(policy, {
        handOverMessage: HAND_OVER,
        onHold: async (hold) => {
          held = hold;
          const why =
            hold.by === 'route'
              ? `the rules hand this message off; ask for: ${hold.decision.collect.map((f) => f.name).join(', ') || 'nothing'}`
              : `reply held back (${hold.verdict.broken.map((b) => `${b.rule} ${b.phrase}: ${b.why}`).join('; ')})`;
          await handOff({ conversation, topic: hold.topic, fields: {}, summary: why });
        },
      }),
    });

    // 3. The tool's schema asks the model for the topic's `collect`
    // fields; a call without them is refused with what is missing, and the
    // run stops at a call the rules accept.
    const result = await generateText({
      model: guarded,
      system,
      messages: [...conversation, { role: 'user', content: message }],
      tools: {
        [HANDOFF_TOOL]: handoffTool(policy, {
          onHandoff: async ({ details, summary }) => {
            await handOff({ conversation, topic: details.topic, fields: details, summary });
            return { handedOff: true };
          },
        }),
      },
      stopWhen: handoffMade(policy),
    });
    const refused = result.steps
      .flatMap((step) => step.toolResults)
      .filter((r) => r.toolName === HANDOFF_TOOL && r.output.handedOff === false);
    return {
      decision: policy.route(message),
      reply: result.text || HAND_OVER,
      held,
      refused: refused.map((r) => r.output.problems.map((p) => p.problem).join('; ')),
    };
  };
}

const CONVERSATIONS = [
  'Is the blue mug in stock?',
  'When will my parcel arrive?',
  'I would like a personalised wedding set of 40 plates by 2027-05-01, budget 2000 euro, mail anna@example.com',
  'Is the large vase in stock? I want to buy three',
];

/** The AI SDK's mock model, scripted per customer message and step. */
async function scriptedModel() {
  const { MockLanguageModelV4 } = await import('ai/test');
  const usage = {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  };
  const say = (text) => ({ content: [{ type: 'text', text }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] });
  const call = (input) => ({
    content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: HANDOFF_TOOL, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: undefined },
    usage,
    warnings: [],
  });
  // Each message's steps: the second step follows a tool's answer.
  const script = {
    [CONVERSATIONS[0]]: [say('Yes, the blue mug is in stock right now 🙂')],
    [CONVERSATIONS[1]]: [say('Your parcel will arrive on Friday.')],
    // The rules hand the custom order to a person: no step is scripted,
    // since the model is never called.
    [CONVERSATIONS[3]]: [
      call({
        details: { topic: 'stock', product: 'large vase', quantity: 3 },
        summary: 'Wants three large vases.',
      }),
      say('A colleague will set them aside for you: what is your e-mail address?'),
    ],
  };
  return new MockLanguageModelV4({
    doGenerate: async ({ prompt }) => {
      const last = prompt.findLastIndex((m) => m.role === 'user');
      const text = prompt[last].content.map((part) => part.text).join('');
      const step = prompt.slice(last).filter((m) => m.role === 'tool').length;
      const scripted = script[text]?.[step];
      if (!scripted) throw new Error(`the scripted model has no step ${step} for ${JSON.stringify(text)}`);
      return scripted;
    },
  });
}

async function liveModel() {
  const { openai } = await import('@ai-sdk/openai');
  return openai('gpt-5-mini');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const offline = args.includes('--offline') || !process.env.OPENAI_API_KEY;
  const path = args.find((a) => a !== '--offline');
  const rules = path ? resolve(path) : fileURLToPath(new URL('../shop.handoff', import.meta.url));
  const answer = createAgent({
    rules,
    model: offline ? await scriptedModel() : await liveModel(),
    handOff: async ({ topic, fields, summary }) => {
      console.log(`  staff:    handed off (${topic ?? 'no topic'}): ${summary} ${JSON.stringify(fields)}`);
    },
  });
  for (const message of CONVERSATIONS) {
    console.log(`customer:   ${message}`);
    const { decision, reply, held, refused } = await answer([], message);
    console.log(`  route:    ${decision.topic ?? 'no topic'}${decision.handoff ? ', handoff' : ''}`);
    if (held?.by === 'check_reply') console.log(`  held:     ${JSON.stringify(held.reply)} breaks ${held.verdict.broken.map((b) => b.phrase).join(', ')}`);
    for (const why of refused) console.log(`  refused:  ${why}`);
    console.log(`  agent:    ${reply}`);
  }
}
