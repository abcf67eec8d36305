// The language configuration's patterns, built the way VS Code builds them
// (new RegExp(pattern, flags)), on the lines they are meant for.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (file) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"));
const config = read("language-configuration.json");
const regex = (value, extra = "") => new RegExp(value.pattern, (value.flags ?? "") + extra);

const words = (line) => line.match(regex(config.wordPattern, "g"));
assert.deepEqual(words("topic opening-hours:"), ["topic", "opening-hours"]);
assert.deepEqual(words("system öppettider_db: read"), ["system", "öppettider_db", "read"]);
assert.deepEqual(words('test "x" -> handoff X-1'), ["test", "x", "handoff", "X-1"]);

const indents = regex(config.indentationRules.increaseIndentPattern);
for (const line of ["topic booking:", 'Topic faq "Questions": # c', "log:", "LOG :"]) {
  assert.ok(indents.test(line), `indent after ${line}`);
}
for (const line of ["topic booking: about book", "  about x:", "test \"a:\" -> b", "logbook:"]) {
  assert.ok(!indents.test(line), `no indent after ${line}`);
}
const dedents = regex(config.indentationRules.decreaseIndentPattern);
assert.ok(dedents.test("  test \"x\" -> y"));
assert.ok(!dedents.test("  handoff when today"), "handoff when is also a clause");

const [header, continued] = config.onEnterRules.map((rule) => regex(rule.beforeText));
assert.ok(header.test("topic booking:") && header.test("log:"));
assert.ok(continued.test("  about open, closed,  # more below"));
assert.ok(continued.test("channels sms,"));
assert.ok(!continued.test("# a comment, then"));

const snippets = read("snippets/handoff.code-snippets");
assert.deepEqual(Object.keys(snippets).sort(), ["Log", "System", "Test", "Test a reply", "Topic"]);
console.log("language configuration and snippets: ok");
