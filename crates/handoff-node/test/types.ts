// Type-checked by scripts/test.sh (`tsc -p test`), never run: the API as
// docs/runtime.md shows it compiles against index.d.ts and ai.d.mts, and
// misuse does not.

import { generateText, wrapLanguageModel, type LanguageModel } from 'ai'
import { Policy, type Decision, type HandoffCheck, type RulesError, type Verdict } from '@handoff/rules'
import { HANDOFF_TOOL, handoffMade, handoffMiddleware, handoffTool } from '@handoff/rules/ai'
import { metaMetadata } from '@handoff/rules/meta'

export async function answer(model: LanguageModel, message: string): Promise<string | null> {
  let policy: Policy
  try {
    policy = Policy.fromFile('rules.handoff')
  } catch (error) {
    const rules = error as RulesError
    return rules.diagnostics.map((d) => `${d.line}:${d.column} ${d.name}: ${d.help ?? ''}`).join('\n')
  }
  const decision: Decision = policy.route(message)
  const topic: string | null = decision.topic
  const fields: string[] = decision.collect.map((f) => `${f.name} (${f.type})`)
  const verdict: Verdict = policy.checkReply('reply', topic)
  const pieces: string[] = verdict.broken.map((b) => `${b.rule} ${b.phrase}: ${b.why}`)
  // @ts-expect-error: not a shape
  policy.tool('gemini')
  policy.tool('json_schema')
  const check: HandoffCheck = policy.checkHandoff({ details: { topic: null }, summary: 'x' })
  const missing: string[] = check.problems.map((p) => `${p.argument}: ${p.problem}`)
  policy.reload()
  policy.reload('other.handoff')
  const pinned: Policy = policy.snapshot()
  const metadata: string = metaMetadata(pinned.route(message), { day: 'Friday' }, 'summary', { limit: 500 })
  // @ts-expect-error: the topic is a string or null
  policy.checkReply('reply', 3)

  const result = await generateText({
    model: wrapLanguageModel({
      model: model as Parameters<typeof wrapLanguageModel>[0]['model'],
      middleware: handoffMiddleware(policy, {
        topic,
        handOverMessage: (held) =>
          held.by === 'route' ? `routed: ${held.decision.topic}` : `held: ${held.verdict.broken.length}`,
        onHold: async (held) => void (held.by === 'check_reply' ? held.reply : held.decision),
      }),
    }),
    system: policy.prompt(),
    prompt: message,
    tools: {
      [HANDOFF_TOOL]: handoffTool(policy, {
        onHandoff: async (input) => ({ ticket: input.details.topic, summary: input.summary }),
      }),
    },
    stopWhen: handoffMade(policy),
  })
  return [result.text, policy.toJson(), policy.policy.format_version, metadata, ...fields, ...pieces, ...missing].join('\n')
}
