// Every example and valid corpus file must be fully understood by the
// TextMate grammar: each character that is not a space gets a specific scope
// (keyword, name, phrase, string, punctuation, comment), and none is marked
// invalid. A grammar that falls behind the language shows here as text
// left plain, which the assertion tests in test/grammar would not notice.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tokenize } from "./tokenize.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dirs = ["examples", "tests/corpus/valid"];
const files = dirs.flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".handoff"))
    .sort()
    .map((name) => join(dir, name)),
);

const problems = [];
for (const file of files) {
  const lines = await tokenize(readFileSync(join(root, file), "utf8"));
  lines.forEach((tokens, index) => {
    let column = 1;
    for (const { text, scopes } of tokens) {
      const specific = scopes.filter((s) => s !== "source.handoff" && !s.startsWith("meta."));
      const where = `${file}:${index + 1}:${column}`;
      if (text.trim() !== "" && specific.length === 0) {
        problems.push(`${where}: "${text}" has no scope`);
      }
      const invalid = specific.find((s) => s.startsWith("invalid."));
      if (invalid) problems.push(`${where}: "${text}" is ${invalid}`);
      column += text.length;
    }
  });
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`${problems.length} problems in ${files.length} files`);
  process.exit(1);
}
console.log(`${files.length} files: every character scoped, none invalid`);
