// A customer-service agent for WhatsApp, Instagram or a web chat, in Node
// with the Vercel AI SDK and the rules of examples/shop.handoff:
//
//   1. route each customer message with the rules (topic, handoff, fields);
//   2. check each reply before it is sent, and hold back one that breaks a
//      rule (the middleware);
//   3. hand off with the collected fields when the rules or the model say so
//      (the handoff_to_human tool).
//
// `npm install @handoff/rules ai`, then give `createAgent` your model, e.g.
// `openai('gpt-5-mini')` from @ai-sdk/openai. Run as it is, this file plays
// three conversations with the AI SDK's scripted mock model, offline:
//
//   node node_ai_sdk.mjs [RULES.handoff]

import { fileURLToPath } from 'node:url';

import { generateText, hasToolCall, wrapLanguageModel } from 'ai';
import { Policy } from '@handoff/rules';
import { HANDOFF_TOOL, handoffMiddleware, handoffTool } from '@handoff/rules/ai';

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
  const tools = (conversation, decision) => ({
    [HANDOFF_TOOL]: handoffTool(policy, {
      onHandoff: async ({ details, summary }) => {
        await handOff({ conversation, topic: details.topic, fields: details, summary, decision });
        return { handedOff: true };
      },
    }),
  });

  return async function answer(conversation, message) {
    // 1. Route: which topic, and whether the rules hand this message off.
    const decision = policy.route(message);
    const rulesSay = decision.handoff
      ? `\n\nThe rules hand this conversation to a person (topic: ${decision.topic ?? 'none'}). ` +
        `Ask for anything missing of: ${decision.collect.map((f) => f.name).join(', ') || 'nothing'}, ` +
        `then call ${HANDOFF_TOOL}.`
      : '';

    // 2. Check every reply: the middleware holds back one that breaks a
    // rule of the topic the message was routed to.
    let held = null;
    const guarded = wrapLanguageModel({
      model,
      middleware: handoffMiddleware(policy, {
        topic: decision.topic,
        handOverMessage: HAND_OVER,
        onHold: async (hold) => {
          held = hold;
          const why = hold.verdict.broken.map((b) => `${b.rule} ${b.phrase}: ${b.why}`).join('; ');
          await handOff({ conversation, topic: hold.topic, fields: {}, summary: `reply held back (${why})`, decision });
        },
      }),
    });

    // 3. Hand off with the collected fields: the tool's schema asks the
    // model for the topic's `collect` fields; the run stops at the call.
    const result = await generateText({
      model: guarded,
      system: system + rulesSay,
      messages: [...conversation, { role: 'user', content: message }],
      tools: tools(conversation, decision),
      stopWhen: hasToolCall(HANDOFF_TOOL),
    });
    const handoffCall = result.toolCalls.find((call) => call.toolName === HANDOFF_TOOL);
    return {
      decision,
      reply: result.text || HAND_OVER,
      handedOff: Boolean(handoffCall || held),
      fields: handoffCall?.input.details ?? null,
      held: held && { reply: held.reply, broken: held.verdict.broken },
    };
  };
}

/** The AI SDK's mock model, scripted per customer message. */
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
  const script = {
    'Is the blue mug in stock?': say('Yes, the blue mug is in stock right now 🙂'),
    'When will my parcel arrive?': say('Your parcel will arrive on Friday.'),
    'I would like a personalised wedding set of 40 plates by 2027-05-01, budget 2000 euro, mail anna@example.com':
      call({
        details: {
          topic: 'custom-order',
          what_they_want: 'a personalised wedding set of plates',
          quantity: 40,
          deadline: '2027-05-01',
          budget: '2000 euro',
          email: 'anna@example.com',
        },
        summary: 'Anna wants 40 personalised wedding plates by 1 May 2027, budget 2000 euro.',
      }),
  };
  return new MockLanguageModelV4({
    doGenerate: async ({ prompt }) => {
      const last = prompt.findLast((m) => m.role === 'user');
      return script[last.content.map((part) => part.text).join('')];
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rules = process.argv[2] ?? fileURLToPath(new URL('../shop.handoff', import.meta.url));
  const answer = createAgent({
    rules,
    model: await scriptedModel(),
    handOff: async ({ topic, fields, summary }) => {
      console.log(`  staff:    handed off (${topic ?? 'no topic'}): ${summary} ${JSON.stringify(fields)}`);
    },
  });
  for (const message of [
    'Is the blue mug in stock?',
    'When will my parcel arrive?',
    'I would like a personalised wedding set of 40 plates by 2027-05-01, budget 2000 euro, mail anna@example.com',
  ]) {
    console.log(`customer:   ${message}`);
    const { decision, reply, held } = await answer([], message);
    console.log(`  route:    ${decision.topic ?? 'no topic'}${decision.handoff ? ', handoff' : ''}`);
    if (held) console.log(`  held:     ${JSON.stringify(held.reply)} breaks ${held.broken.map((b) => b.phrase).join(', ')}`);
    console.log(`  agent:    ${reply}`);
  }
}
