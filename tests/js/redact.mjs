// Applies the log schema's redaction patterns as a JavaScript runtime
// would: each `pattern` compiled with its `flags` plus `g`, every match
// replaced by `replacement`. Reads {"redact": [...], "samples": [{"kind",
// "input"}]} on stdin; prints the redacted inputs as a JSON array.
import { readFileSync } from "node:fs";

const { redact, samples } = JSON.parse(readFileSync(0, "utf8"));
const byKind = new Map(redact.map((entry) => [entry.kind, entry]));
const out = samples.map(({ kind, input }) => {
  const entry = byKind.get(kind);
  if (!entry) throw new Error(`no redaction for ${kind}`);
  const pattern = new RegExp(entry.pattern, `${entry.flags}g`);
  // A function, so `$` in a replacement is never read as a group.
  return input.replace(pattern, () => entry.replacement);
});
process.stdout.write(JSON.stringify(out));
