// Renders examples/salon.handoff as VS Code shows it: the extension's
// TextMate grammar run by vscode-textmate, coloured with the Dark+ theme's
// rules for the scopes the grammar uses, written as HTML and shot by
// headless Chromium into docs/editors/vscode-highlighting.png.
//
//   node scripts/screenshot.mjs            (needs chromium on PATH or $CHROME)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { colorize } from "./tokenize.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const source = readFileSync(join(root, "examples/salon.handoff"), "utf8").trimEnd();
const output = join(root, "docs/editors/vscode-highlighting.png");

// The Dark+ (default dark) theme's rules for the scopes this grammar emits.
const darkPlus = {
  settings: [
    { settings: { foreground: "#D4D4D4", background: "#1E1E1E" } },
    { scope: "comment", settings: { foreground: "#6A9955" } },
    { scope: "string", settings: { foreground: "#CE9178" } },
    { scope: "constant.character.escape", settings: { foreground: "#D7BA7D" } },
    { scope: "keyword", settings: { foreground: "#569CD6" } },
    { scope: "keyword.control", settings: { foreground: "#C586C0" } },
    { scope: "keyword.operator", settings: { foreground: "#D4D4D4" } },
    { scope: "storage.type", settings: { foreground: "#569CD6" } },
    { scope: "constant.language", settings: { foreground: "#569CD6" } },
    { scope: "entity.name.type", settings: { foreground: "#4EC9B0" } },
    { scope: "entity.name.function", settings: { foreground: "#DCDCAA" } },
    { scope: "invalid", settings: { foreground: "#F44747" } },
  ],
};

const escape = (text) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const lines = await colorize(source, darkPlus);
const body = lines
  .map((tokens, index) => {
    const code = tokens
      .map(({ text, color, bold, italic }) => {
        const style = [`color:${color}`, bold && "font-weight:bold", italic && "font-style:italic"];
        return `<span style="${style.filter(Boolean).join(";")}">${escape(text)}</span>`;
      })
      .join("");
    return `<div><span class="n">${index + 1}</span>${code}</div>`;
  })
  .join(""); // a newline between the divs would be a blank line in <pre>
const html = `<!doctype html><meta charset="utf-8"><style>
html,body{margin:0;background:#1e1e1e}
pre{margin:0;padding:10px 14px;font:13px/18px "DejaVu Sans Mono",monospace;color:#d4d4d4;white-space:pre}
.n{display:inline-block;width:2.5em;margin-right:1.2em;text-align:right;color:#6e7681}
</style><pre>${body}</pre>`;

const dir = mkdtempSync(join(tmpdir(), "handoff-screenshot-"));
const page = join(dir, "salon.html");
writeFileSync(page, html);
const height = lines.length * 18 + 24;
const chromium = process.env.CHROME || "chromium";
execFileSync(chromium, [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--hide-scrollbars",
  "--force-device-scale-factor=1",
  `--screenshot=${output}`,
  `--window-size=860,${height}`,
  `file://${page}`,
], { stdio: "ignore" });
console.log(`wrote ${output} (${lines.length} lines)`);
