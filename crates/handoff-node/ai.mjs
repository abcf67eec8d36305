// The handoff rules in the Vercel AI SDK (`ai`, major 7): a language-model
// middleware that holds back a reply that breaks a `never promise` or `must
// not` rule, and the `handoff_to_human` tool built from the policy. Plain
// JavaScript beside the native binding, so it needs no build step.

import { jsonSchema, tool } from 'ai';

export const HANDOFF_TOOL = 'handoff_to_human';

const DEFAULT_HAND_OVER =
  'Thank you for your patience. A person from our team will take over this conversation and reply here shortly.';

/**
 * A middleware for `wrapLanguageModel` that checks every reply with
 * `policy.checkReply` before the customer can see it. A reply that breaks a
 * rule is replaced by a hand-over message; the result's
 * `providerMetadata.handoff` says what was held back and why.
 */
export function handoffMiddleware(policy, options = {}) {
  const { topic, handOverMessage = DEFAULT_HAND_OVER, onHold } = options;

  // The topic whose `must not` rules apply: given, computed from the call,
  // or that of the customer's last message, routed with the same rules.
  function topicFor(params) {
    const given = typeof topic === 'function' ? topic(params) : topic;
    if (given !== undefined) return given ?? undefined;
    const message = lastUserText(params.prompt);
    return message ? (policy.route(message).topic ?? undefined) : undefined;
  }

  // The verdict on a reply, and what goes out instead when it breaks a rule.
  async function judge(reply, params) {
    const replyTopic = topicFor(params);
    const verdict = policy.checkReply(reply, replyTopic);
    if (verdict.ok) return null;
    const held = { held: true, topic: replyTopic ?? null, reply, verdict };
    const message =
      typeof handOverMessage === 'function' ? handOverMessage(held) : handOverMessage;
    if (onHold) await onHold({ ...held, message });
    return { held, message };
  }

  return {
    specificationVersion: 'v4',

    async wrapGenerate({ doGenerate, params }) {
      const result = await doGenerate();
      const reply = result.content
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('\n');
      const hold = reply ? await judge(reply, params) : null;
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
          const hold = reply ? await judge(reply, params) : null;
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
 * policy's (the topic and that topic's `collect` fields, then a summary),
 * so a model cannot hand off a booking without the details staff need. Stop
 * the run on it with `stopWhen: hasToolCall(HANDOFF_TOOL)`; `onHandoff`, when
 * given, runs with the arguments (open a ticket, notify staff) and its
 * result is the tool's.
 */
export function handoffTool(policy, options = {}) {
  const { onHandoff } = options;
  const { description, parameters } = policy.tool('openai').function;
  return tool({
    description,
    inputSchema: jsonSchema(parameters),
    ...(onHandoff ? { execute: (input, context) => onHandoff(input, context) } : {}),
  });
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
