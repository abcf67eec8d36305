// Tokenizes .handoff text with the extension's TextMate grammar, the way VS
// Code does (vscode-textmate on the Oniguruma WebAssembly build), so the
// examples check and the screenshot show what the editor shows.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const grammarPath = fileURLToPath(new URL("../syntaxes/handoff.tmLanguage.json", import.meta.url));

let grammarPromise;
let registry;

async function loadGrammar(theme) {
  const wasm = await readFile(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new vsctm.Registry({
    theme,
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.handoff") return null;
      const text = await readFile(grammarPath, "utf8");
      return vsctm.parseRawGrammar(text, grammarPath);
    },
  });
  return registry.loadGrammar("source.handoff");
}

/** Lines of [{ text, scopes }] tokens, scopes outermost first. */
export async function tokenize(text) {
  grammarPromise ??= loadGrammar();
  const grammar = await grammarPromise;
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({
      text: line.slice(token.startIndex, token.endIndex),
      scopes: token.scopes,
    }));
  });
}

/**
 * Lines of [{ text, color, bold, italic }] tokens, coloured by a VS Code
 * theme ({ settings: [{ scope, settings: { foreground, fontStyle } }] })
 * through vscode-textmate's own theme matching, as the editor does.
 */
export async function colorize(text, theme) {
  if (grammarPromise) throw new Error("colorize must be the first use of the grammar");
  grammarPromise = loadGrammar(theme);
  const grammar = await grammarPromise;
  const colors = registry.getColorMap();
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine2(line, state);
    state = result.ruleStack;
    const tokens = [];
    for (let i = 0; i < result.tokens.length; i += 2) {
      const start = result.tokens[i];
      const end = i + 2 < result.tokens.length ? result.tokens[i + 2] : line.length;
      const meta = result.tokens[i + 1];
      // Bits as in vscode-textmate's EncodedTokenMetadata.
      const foreground = (meta >>> 15) & 0x1ff;
      const fontStyle = (meta >>> 11) & 0xf;
      tokens.push({
        text: line.slice(start, end),
        color: colors[foreground],
        italic: (fontStyle & 1) !== 0,
        bold: (fontStyle & 2) !== 0,
      });
    }
    return tokens;
  });
}
