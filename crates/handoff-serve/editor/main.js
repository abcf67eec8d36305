// The workbench's editor: CodeMirror 6, speaking to the project's own
// language server (`handoff lsp`, the same one the editor extensions use)
// over the page's WebSocket. Problems, completion, hover, formatting,
// rename and going to a definition are the server's; the colours are its
// semantic tokens. build.sh bundles this into ../page/editor.js, which the
// binary serves: nothing is loaded from the network.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { LSPClient, languageServerExtensions } from '@codemirror/lsp-client';

// One JSON-RPC message per WebSocket message.
function socketTransport(url) {
  let handlers = [];
  const socket = new WebSocket(url);
  socket.onmessage = (event) => { for (const h of handlers) h(String(event.data)); };
  return new Promise((resolve, reject) => {
    socket.onerror = () => reject(new Error('the language server could not be reached'));
    socket.onopen = () => resolve({
      socket,
      send(message) { socket.send(message); },
      subscribe(handler) { handlers.push(handler); },
      unsubscribe(handler) { handlers = handlers.filter((h) => h !== handler); },
    });
  });
}

const setTokens = StateEffect.define();
const tokens = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const e of tr.effects) if (e.is(setTokens)) value = e.value;
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// LSP semantic tokens are relative (line delta, start delta, length, type).
function decorationsOf(doc, data, legend) {
  const builder = new RangeSetBuilder();
  let line = 0;
  let start = 0;
  for (let i = 0; i + 4 < data.length + 1; i += 5) {
    line += data[i];
    start = data[i] === 0 ? start + data[i + 1] : data[i + 1];
    if (line >= doc.lines) break;
    const at = doc.line(line + 1);
    // Positions are UTF-16 code units, as CodeMirror's are.
    const from = Math.min(at.from + start, at.to);
    const to = Math.min(from + data[i + 2], at.to);
    const type = legend[data[i + 3]] || 'other';
    if (to > from) builder.add(from, to, Decoration.mark({ class: `tok-${type}` }));
  }
  return builder.finish();
}

const theme = EditorView.theme({
  '&': { border: '1px solid #888', borderRadius: '4px', background: '#fff', fontSize: '0.95rem' },
  '&.cm-focused': { outline: '3px solid #1a5fb4' },
  '.cm-scroller': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', minHeight: '22rem', maxHeight: '70vh' },
  '.tok-keyword': { color: '#8a2b8a', fontWeight: '600' },
  '.tok-namespace, .tok-class, .tok-type': { color: '#1c5f9e', fontWeight: '600' },
  '.tok-string': { color: '#2b6b2b' },
  '.tok-comment': { color: '#6b6b6b', fontStyle: 'italic' },
  '.tok-enumMember, .tok-property, .tok-variable': { color: '#7a4b00' },
  '.tok-operator': { color: '#444' },
});

/// The editor in `parent`, holding `text`; `changed` is called on each edit.
export async function createEditor({ parent, text, socketUrl, uri, label, changed }) {
  const transport = await socketTransport(socketUrl);
  const client = new LSPClient({ extensions: languageServerExtensions() }).connect(transport);
  let view = null;
  let timer = null;
  async function colour() {
    const caps = client.serverCapabilities;
    const legend = caps && caps.semanticTokensProvider && caps.semanticTokensProvider.legend.tokenTypes;
    if (!legend || !view) return;
    const doc = view.state.doc;
    const result = await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    if (result && view.state.doc === doc) {
      view.dispatch({ effects: setTokens.of(decorationsOf(doc, result.data, legend)) });
    }
  }
  const schedule = () => { clearTimeout(timer); timer = setTimeout(() => colour().catch(() => {}), 150); };
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), tokens, theme,
        EditorView.lineWrapping,
        // No Tab binding: Tab moves on to the next control, for a keyboard user.
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' }),
        client.plugin(uri, 'handoff'),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) { changed(); schedule(); }
        }),
      ],
    }),
  });
  await client.initializing;
  schedule();
  return {
    view,
    get text() { return view.state.doc.toString(); },
    set text(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    focus() { view.focus(); },
    // Whether the server is still there: the page says so when it is not.
    get connected() { return transport.socket.readyState === WebSocket.OPEN; },
  };
}
