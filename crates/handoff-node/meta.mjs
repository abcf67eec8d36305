// Handing a conversation to a person on WhatsApp, Messenger and Instagram:
// the `metadata` text of Meta's handover (`pass_thread_control`), as the
// Python package's `handoff.meta_metadata` renders it; both packages run the
// cases of tests/packages/cases.json. The whole record belongs in the
// runtime's own log: the metadata is what a person reads, not the archive.

/** The most characters Meta's handover `metadata` takes. */
export const META_METADATA_LIMIT = 2000;

const CUT = '… (cut to fit; the full record is in the log)';

/**
 * The `metadata` text for Meta's handover, at most `limit` UTF-16 units.
 * `decision` is what `policy.route` returned (or its logged copy);
 * `fields` the collected values by field name (`party size`) or by the
 * tool's argument name (`party_size`). The decision's `collect` fields come
 * first, in the rule file's order, each marked when it was not collected.
 */
export function metaMetadata(decision, fields = {}, summary = '', { limit = META_METADATA_LIMIT } = {}) {
  if (limit < CUT.length + 1) {
    const error = new RangeError(`limit must be at least ${CUT.length + 1} characters`);
    error.code = 'ERR_OUT_OF_RANGE';
    throw error;
  }
  const given = new Map(Object.entries(fields ?? {}).map(([name, value]) => [key(name), value]));
  const lines = [`Handoff: ${decision.topic || 'no topic'}`];
  const reasons = decision.reasons.filter((r) => r.rule !== 'about').map(reason);
  if (reasons.length) lines.push(`Why: ${reasons.join('; ')}`);
  for (const field of decision.collect) {
    const value = given.get(key(field.name));
    given.delete(key(field.name));
    lines.push(`${field.name}: ${shown(value)}`);
  }
  for (const [name, value] of given) lines.push(`${name.replaceAll('_', ' ')}: ${shown(value)}`);
  if (summary.trim()) lines.push(`Summary: ${oneLine(summary)}`);
  return fit(lines.join('\n'), limit);
}

// Python's str.split(): runs of whitespace, no empty words.
const words = (text) => text.split(/\s+/).filter(Boolean);

const key = (name) => words(name.toLowerCase().replaceAll('_', ' ')).join('_');

const oneLine = (text) => words(text).join(' ');

function shown(value) {
  if (value === undefined || value === null || value === '') return '(not collected)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return oneLine(String(value));
}

function reason({ rule, phrase, line }) {
  const text = phrase ? `${rule.replaceAll('_', ' ')} "${phrase}"` : rule.replaceAll('_', ' ');
  return line ? `${text} (line ${line})` : text;
}

// JavaScript strings count UTF-16 units, as Meta does.
function fit(text, limit) {
  if (text.length <= limit) return text;
  const room = limit - `\n${CUT}`.length;
  let kept = '';
  for (const line of text.split('\n')) {
    const candidate = kept ? `${kept}\n${line}` : line;
    if (candidate.length <= room) {
      kept = candidate;
      continue;
    }
    // The line that overflows keeps the words that fit.
    const taken = [];
    for (const word of line.split(' ')) {
      const attempt = [...taken, word].join(' ');
      if ((kept ? `${kept}\n${attempt}` : attempt).length > room) break;
      taken.push(word);
    }
    if (taken.length) kept = kept ? `${kept}\n${taken.join(' ')}` : taken.join(' ');
    break;
  }
  return kept ? `${kept}\n${CUT}` : CUT;
}
