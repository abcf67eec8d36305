// Types of ai.mjs: the handoff rules in the Vercel AI SDK (`ai`, major 7).

import type { LanguageModelMiddleware, Tool, ToolExecutionOptions } from 'ai'
import type { Policy, Verdict } from './index.js'

/** The tool's name, for `stopWhen: hasToolCall(HANDOFF_TOOL)`. */
export declare const HANDOFF_TOOL: 'handoff_to_human'

/** What the middleware put in `providerMetadata.handoff` for a reply it held back. */
export interface HeldReply {
  held: true
  /** The topic whose `must not` rules applied, or null. */
  topic: string | null
  /** The reply the model wrote, which the customer did not see. */
  reply: string
  verdict: Verdict
}

export interface HandoffMiddlewareOptions {
  /**
   * The conversation's topic, for its `must not` rules: a name, a function
   * of the call's parameters, or (when left out) the topic of the
   * customer's last message, routed with the policy. `null`: no topic.
   */
  topic?: string | null | ((params: Parameters<NonNullable<LanguageModelMiddleware['transformParams']>>[0]['params']) => string | null | undefined)
  /** What the customer sees instead of a held reply (default: a person will take over). */
  handOverMessage?: string | ((held: HeldReply) => string)
  /** Runs when a reply is held back: hand the conversation to a person here. */
  onHold?: (held: HeldReply & { message: string }) => void | Promise<void>
}

/** A middleware for `wrapLanguageModel` that holds back a reply that breaks a rule. */
export declare function handoffMiddleware(
  policy: Policy,
  options?: HandoffMiddlewareOptions,
): LanguageModelMiddleware

/** The arguments a model gives `handoff_to_human`. */
export interface HandoffInput {
  /** The topic (`topic`, null when none fits) and that topic's `collect` fields. */
  details: { topic: string | null; [field: string]: unknown }
  /** What the customer wants and what was already said, for the person who takes over. */
  summary: string
}

export interface HandoffToolOptions<OUTPUT> {
  /** Runs with the arguments when the model hands off; its result is the tool's. */
  onHandoff?: (input: HandoffInput, options: ToolExecutionOptions<unknown>) => OUTPUT | Promise<OUTPUT>
}

/** The `handoff_to_human` tool, with the policy's input schema. */
export declare function handoffTool<OUTPUT = never>(
  policy: Policy,
  options?: HandoffToolOptions<OUTPUT>,
): Tool<HandoffInput, OUTPUT>
