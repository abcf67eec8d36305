// The handoff rules in the Vercel AI SDK (`ai`, major 7): a language-model
// middleware that hands a routed message to a person without calling the
// model and holds back a reply that breaks a `never promise` or `must not`
// rule, and the `handoff_to_human` tool built from the policy, which checks
// every call. Plain JavaScript beside the native binding, so it needs no
// build step.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { jsonSchema, tool } from 'ai';

export const HANDOFF_TOOL = 'handoff_to_human';

/** The major version of `ai` this adapter is written for. */
export const AI_SDK_MAJOR = 7;

// The middleware speaks the model interface of one major version (`v4` in
// ai 7); another would fail later, deep inside a call, so say it here.
checkAiVersion();

function checkAiVersion() {
  let dir = dirname(fileURLToPath(import.meta.resolve('ai')));
  for (;;) {
    let manifest = null;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {}
    if (manifest?.name === 'ai') {
      const major = Number(String(manifest.version).split('.')[0]);
      if (major !== AI_SDK_MAJOR) {
        const error = new Error(
          `@handoff/rules/ai needs the AI SDK ${AI_SDK_MAJOR} (ai@^${AI_SDK_MAJOR}.0.0), but ai@${manifest.version} ` +
            `is installed: run \`npm install ai@${AI_SDK_MAJOR}\``,
        );
        error.code = 'HANDOFF_AI_VERSION';
        throw error;
      }
      return;
    }
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}

const NO_USAGE = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

const DEFAULT_HAND_OVER =
  'Thank you for your patience. A person from our team will take over this conversation and reply here shortly.';

/**
 * A middleware for `wrapLanguageModel`. Before the model, it routes the
 * customer's last message: when the rules hand it to a person, the model is
 * not called and the hand-over message is the reply. After the model, it
 * checks the reply with `policy.checkReply` before the customer can see it:
 * a reply that breaks a rule is replaced by the hand-over message. Either
 * way the result's `providerMetadata.handoff` says what happened and why.
 * With `recorder` (`policy.recorder(path)`), each customer message is
 * logged: handed off by the router, or answered with the guard's verdict.
 */
export function handoffMiddleware(policy, options = {}) {
  const { topic, handOverMessage = DEFAULT_HAND_OVER, onHold, recorder } = options;

  // The topic whose `must not` rules apply: given, computed from the call,
  // or that of the customer's last message, routed with the same rules.
  function topicFor(params, decision) {
    const given = typeof topic === 'function' ? topic(params) : topic;
    if (given !== undefined) return given ?? undefined;
    return decision?.topic ?? undefined;
  }

  async function hold(held) {
    const message =
      typeof handOverMessage === 'function' ? handOverMessage(held) : handOverMessage;
    if (onHold) await onHold({ ...held, message });
    return { held, message };
  }

  // One version of the rules for the whole call, even if they are
  // reloaded while the model writes. A routed hand-over: nothing for the
  // model to do.
  async function before(params) {
    const rules = policy.snapshot();
    const message = lastUserText(params.prompt);
    const decision = message ? rules.route(message) : null;
    if (decision?.handoff) {
      recorder?.record({ message, decision });
      const routed = { held: true, by: 'route', topic: decision.topic, decision };
      return { rules, decision, message, routed: await hold(routed) };
    }
    return { rules, decision, message, routed: null };
  }

  // The verdict on a reply, and what goes out instead when it breaks a rule.
  async function judge(reply, params, { rules, decision, message }) {
    const replyTopic = topicFor(params, decision);
    const verdict = rules.checkReply(reply, replyTopic);
    if (message) recorder?.record({ message, decision, reply, verdict });
    if (verdict.ok) return null;
    return hold({ held: true, by: 'check_reply', topic: replyTopic ?? null, reply, verdict });
  }

  // A reply that is only a tool call: a `handoff_to_human` call hands the
  // conversation to a person.
  function recordToolCall({ message, decision }, parts) {
    if (!message || !recorder) return;
    const handedOff = parts.some((p) => p.type === 'tool-call' && p.toolName === HANDOFF_TOOL);
    recorder.record({ message, decision, handedOff });
  }

  return {
    specificationVersion: 'v4',

    async wrapGenerate({ doGenerate, params }) {
      const call = await before(params);
      if (call.routed) {
        return {
          content: [{ type: 'text', text: call.routed.message }],
          finishReason: { unified: 'stop', raw: undefined },
          usage: NO_USAGE,
          warnings: [],
          providerMetadata: { handoff: call.routed.held },
        };
      }
      const result = await doGenerate();
      const reply = result.content
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('\n');
      const hold = reply ? await judge(reply, params, call) : null;
      if (!reply) recordToolCall(call, result.content);
      if (!hold) return result;
      // The hand-over message stands where the first text part stood; tool
      // calls (a `handoff_to_human` call above all) stay.
      const content = [];
      for (const part of result.content) {
        if (part.type !== 'text') content.push(part);
        else if (!content.some((p) => p.type === 'text')) {
          content.push({ type: 'text', text: hold.message });
        }
      }
      return {
        ...result,
        content,
        providerMetadata: { ...result.providerMetadata, handoff: hold.held },
      };
    },

    // A streamed reply cannot be taken back once the customer has seen
    // part of it, so its text is held until the reply is complete, then
    // sent whole, or replaced by the hand-over message.
    async wrapStream({ doStream, params }) {
      const call = await before(params);
      if (call.routed) {
        const id = 'handoff';
        const parts = [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id },
          { type: 'text-delta', id, delta: call.routed.message },
          { type: 'text-end', id },
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: undefined },
            usage: NO_USAGE,
            providerMetadata: { handoff: call.routed.held },
          },
        ];
        return {
          stream: new ReadableStream({
            start(controller) {
              for (const part of parts) controller.enqueue(part);
              controller.close();
            },
          }),
        };
      }
      const { stream, ...rest } = await doStream();
      const parts = [];
      const held = new TransformStream({
        transform(part) {
          parts.push(part);
        },
        async flush(controller) {
          const reply = parts
            .filter((part) => part.type === 'text-delta')
            .map((part) => part.delta)
            .join('');
          const hold = reply ? await judge(reply, params, call) : null;
          if (!reply) recordToolCall(call, parts);
          if (!hold) {
            for (const part of parts) controller.enqueue(part);
            return;
          }
          let replaced = false;
          for (const part of parts) {
            if (part.type === 'text-start' && !replaced) {
              replaced = true;
              controller.enqueue(part);
              controller.enqueue({ type: 'text-delta', id: part.id, delta: hold.message });
              controller.enqueue({ type: 'text-end', id: part.id });
            } else if (part.type === 'finish') {
              controller.enqueue({
                ...part,
                providerMetadata: { ...part.providerMetadata, handoff: hold.held },
              });
            } else if (!part.type.startsWith('text-')) {
              controller.enqueue(part);
            }
          }
        },
      });
      return { stream: stream.pipeThrough(held), ...rest };
    },
  };
}

/**
 * The `handoff_to_human` tool for `generateText`: its input schema is the
 * policy's (the topic and that topic's `collect` fields, then a summary).
 * Every call is checked with `policy.checkHandoff`, since only some models
 * keep to a schema: a call without the topic's fields, with a topic the
 * rules lack or without a summary hands nothing off, and the model gets
 * `{ handedOff: false, reply, problems }`, which says what to ask the
 * customer. A call that passes runs `onHandoff` (open a ticket, notify
 * staff), whose result is the tool's (`{ handedOff: true }` without one).
 * Stop the run at a call that passed with `stopWhen: handoffMade(policy)`.
 */
export function handoffTool(policy, options = {}) {
  const { onHandoff } = options;
  const { description, parameters } = policy.tool('openai').function;
  return tool({
    description,
    inputSchema: jsonSchema(parameters),
    execute: async (input, context) => {
      const check = policy.checkHandoff(input);
      if (!check.ok) return { handedOff: false, reply: check.reply, problems: check.problems };
      return onHandoff ? onHandoff(input, context) : { handedOff: true };
    },
  });
}

/**
 * A `stopWhen` condition: the last step called `handoff_to_human` with
 * arguments the rules accept. A refused call does not stop the run, so the
 * model reads what is missing and asks the customer.
 */
export function handoffMade(policy) {
  return ({ steps }) =>
    (steps.at(-1)?.toolCalls ?? []).some(
      (call) => call.toolName === HANDOFF_TOOL && policy.checkHandoff(call.input).ok,
    );
}

/** The text of the last user message of a prompt. */
function lastUserText(prompt) {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message.role !== 'user') continue;
    return message.content
      .filter((part) => part.type === 'text')
      .map((part) => part.text)
      .join('\n');
  }
  return '';
}
