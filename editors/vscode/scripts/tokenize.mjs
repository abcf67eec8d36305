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

async function loadGrammar() {
  const wasm = await readFile(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
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
