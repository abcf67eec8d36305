//! The open documents: their text at each version, and the analysis of the
//! latest version once it is computed. Edits are applied here, in the order
//! they arrive and before any handler waits, so the text always matches the
//! version the editor last sent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use handoff_analysis::Analysis;
use handoff_diagnostics::Diagnostic;
use handoff_syntax::LineCache;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::convert::LineMap;

/// One version of a document's text, shared by the handlers that read it.
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub lines: LineMap,
    /// The parsed lines of the document's last analysis, shared by all its
    /// versions, so an edit re-parses only the lines it changed.
    pub parsed: Arc<Mutex<LineCache>>,
}

impl Snapshot {
    fn new(uri: Uri, version: i32, text: Arc<str>, parsed: Arc<Mutex<LineCache>>) -> Snapshot {
        Snapshot {
            lines: LineMap::new(&text),
            uri,
            version,
            text,
            parsed,
        }
    }
}

/// The analysis of one snapshot, and its diagnostics at the project's lint
/// levels (what the editor shows).
pub struct Analysed {
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the project's `handoff.toml` could not be read, when it could
    /// not: the default levels apply meanwhile.
    pub config_error: Option<String>,
}

struct Document {
    snapshot: Arc<Snapshot>,
    /// The analysis of `snapshot`, once computed.
    analysis: Option<Arc<Analysed>>,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, version: i32, text: String) -> Arc<Snapshot> {
        let parsed = Arc::default();
        let snapshot = Arc::new(Snapshot::new(uri.clone(), version, text.into(), parsed));
        self.open.insert(
            uri,
            Document {
                snapshot: snapshot.clone(),
                analysis: None,
            },
        );
        snapshot
    }

    /// Applies the changes of one `didChange` in order: a change with a
    /// range replaces that range (clamped to the text), one without
    /// replaces the whole text. An unknown document is ignored.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<Arc<Snapshot>> {
        let document = self.open.get_mut(uri)?;
        let mut text = document.snapshot.text.to_string();
        let mut lines = None::<LineMap>;
        for change in changes {
            match change.range {
                Some(range) => {
                    let map = lines.get_or_insert_with(|| LineMap::new(&text));
                    let span = map.span(&text, range);
                    text.replace_range(span.range(), &change.text);
                    lines = None;
                }
                None => {
                    text = change.text;
                    lines = None;
                }
            }
        }
        let parsed = document.snapshot.parsed.clone();
        let snapshot = Arc::new(Snapshot::new(uri.clone(), version, text.into(), parsed));
        document.snapshot = snapshot.clone();
        document.analysis = None;
        Some(snapshot)
    }

    pub fn close(&mut self, uri: &Uri) {
        self.open.remove(uri);
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.open.get(uri).map(|d| d.snapshot.clone())
    }

    /// The analysis of the current version, if it was computed.
    pub fn analysis(&self, uri: &Uri) -> Option<(Arc<Snapshot>, Arc<Analysed>)> {
        let document = self.open.get(uri)?;
        Some((document.snapshot.clone(), document.analysis.clone()?))
    }

    /// Keeps an analysis if it is of the current version; a result computed
    /// for an older version is dropped.
    pub fn store(&mut self, snapshot: &Snapshot, analysis: Arc<Analysed>) -> bool {
        match self.open.get_mut(&snapshot.uri) {
            Some(document) if Arc::ptr_eq(&document.snapshot.text, &snapshot.text) => {
                document.analysis = Some(analysis);
                true
            }
            _ => false,
        }
    }

    pub fn is_current(&self, snapshot: &Snapshot) -> bool {
        self.open
            .get(&snapshot.uri)
            .is_some_and(|d| Arc::ptr_eq(&d.snapshot.text, &snapshot.text))
    }

    /// Every open document's latest snapshot, for workspace-wide requests.
    pub fn all(&self) -> Vec<Arc<Snapshot>> {
        let mut all: Vec<Arc<Snapshot>> = self.open.values().map(|d| d.snapshot.clone()).collect();
        all.sort_by(|a, b| a.uri.cmp(&b.uri));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_in_utf16_and_clamp() {
        let uri: Uri = "file:///rules.handoff".parse().unwrap();
        let mut docs = Documents::default();
        docs.open(uri.clone(), 1, "tone 😀 warm\n".into());
        let changes = vec![
            // After the emoji (two UTF-16 units), replace "warm".
            change(Some(((0, 8), (0, 12))), "kind"),
            // A range past the end appends.
            change(Some(((5, 0), (5, 3))), "fallback answer\n"),
        ];
        let snapshot = docs.change(&uri, 2, changes).unwrap();
        assert_eq!(&*snapshot.text, "tone 😀 kind\nfallback answer\n");
        let whole = docs
            .change(&uri, 3, vec![change(None, "business \"B\"\n")])
            .unwrap();
        assert_eq!(&*whole.text, "business \"B\"\n");
        assert!(!docs.is_current(&snapshot));
        assert!(
            docs.change(&"file:///other".parse().unwrap(), 1, vec![])
                .is_none()
        );
    }
}
