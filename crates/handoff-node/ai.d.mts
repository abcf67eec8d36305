// Types of ai.mjs: the handoff rules in the Vercel AI SDK (`ai`, major 7).

import type { LanguageModelMiddleware, StopCondition, Tool, ToolExecutionOptions, ToolSet } from 'ai'
import type { ArgumentProblem, Decision, Policy, Verdict } from './index.js'

/** The tool's name. */
export declare const HANDOFF_TOOL: 'handoff_to_human'

/** The major version of `ai` this adapter is written for; importing it with another throws (`HANDOFF_AI_VERSION`). */
export declare const AI_SDK_MAJOR: 7

/** What the middleware put in `providerMetadata.handoff` when the rules routed the message to a person: the model was not called. */
export interface RoutedMessage {
  held: true
  by: 'route'
  /** The message's topic, or null. */
  topic: string | null
  decision: Decision
}

/** What the middleware put in `providerMetadata.handoff` for a reply it held back. */
export interface HeldReply {
  held: true
  by: 'check_reply'
  /** The topic whose `must not` rules applied, or null. */
  topic: string | null
  /** The reply the model wrote, which the customer did not see. */
  reply: string
  verdict: Verdict
}

/** Either hand-over. */
export type Held = RoutedMessage | HeldReply

export interface HandoffMiddlewareOptions {
  /**
   * The conversation's topic, for its `must not` rules: a name, a function
   * of the call's parameters, or (when left out) the topic of the
   * customer's last message, routed with the policy. `null`: no topic.
   */
  topic?: string | null | ((params: Parameters<NonNullable<LanguageModelMiddleware['transformParams']>>[0]['params']) => string | null | undefined)
  /** What the customer sees instead of the model's reply (default: a person will take over). */
  handOverMessage?: string | ((held: Held) => string)
  /** Runs at a routed message or a held reply: hand the conversation to a person here. */
  onHold?: (held: Held & { message: string }) => void | Promise<void>
}

/** A middleware for `wrapLanguageModel` that hands a routed message off without the model and holds back a reply that breaks a rule. */
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
  /** Runs with the arguments when the model hands off and the rules accept them; its result is the tool's. */
  onHandoff?: (input: HandoffInput, options: ToolExecutionOptions<unknown>) => OUTPUT | Promise<OUTPUT>
}

/** The tool's answer to a call the rules refuse: what to ask the customer for. */
export interface RefusedHandoff {
  handedOff: false
  reply: string
  problems: ArgumentProblem[]
}

/** The `handoff_to_human` tool, with the policy's input schema; every call is checked with `policy.checkHandoff`. */
export declare function handoffTool<OUTPUT = { handedOff: true }>(
  policy: Policy,
  options?: HandoffToolOptions<OUTPUT>,
): Tool<HandoffInput, OUTPUT | RefusedHandoff>

/** A `stopWhen` condition: the last step handed off with arguments the rules accept. */
export declare function handoffMade(policy: Policy): StopCondition<ToolSet>
