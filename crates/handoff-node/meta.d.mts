// Types of meta.mjs: the metadata text of Meta's handover.

import type { Decision } from './index.js'

/** The most characters Meta's handover `metadata` takes. */
export declare const META_METADATA_LIMIT: 2000

/** The `metadata` text for Meta's handover (`pass_thread_control`), at most `limit` UTF-16 units. */
export declare function metaMetadata(
  decision: Pick<Decision, 'topic' | 'reasons' | 'collect'>,
  fields?: Record<string, unknown>,
  summary?: string,
  options?: { limit?: number },
): string
