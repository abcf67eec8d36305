//! The protocol: each request and notification, turned into a call on the
//! analysis of the document it names. Edits are applied before the first
//! `.await`; analysis runs on tokio's blocking pool, so the request loop is
//! always free; diagnostics are published with the version they were
//! computed for, and never for a version that was already replaced.

use std::sync::{Arc, Mutex, MutexGuard};

use handoff_analysis::Analysis;
use handoff_diagnostics::Span;
use handoff_project::Project;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::document::{Analysed, Documents, Snapshot};
use crate::{actions, completion, convert, hover, navigation, rule_tests, structure};

pub const RUN_MESSY_TESTS: &str = "handoff.runMessyTests";
pub const EXPLAIN_TEST: &str = "handoff.explainTest";

pub struct Server {
    client: Client,
    documents: Mutex<Documents>,
    /// Held from the check that a result is current until it is published,
    /// so an older result cannot overtake a newer one.
    publishing: tokio::sync::Mutex<()>,
    /// The last `handoff.toml` mistake shown, so it is shown once, not on
    /// every keystroke.
    config_error_shown: Mutex<Option<String>>,
    /// The `handoff.toml` files parsed so far: each is parsed again only
    /// when its text on disk changes, not on every keystroke.
    project: Arc<Mutex<Project>>,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            documents: Mutex::new(Documents::default()),
            publishing: tokio::sync::Mutex::new(()),
            config_error_shown: Mutex::new(None),
            project: Arc::new(Mutex::new(Project::new())),
        }
    }

    fn documents(&self) -> MutexGuard<'_, Documents> {
        // A handler that panicked cannot leave the map half-written: every
        // change replaces whole entries.
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The analysis of a document's current version, computed off the
    /// request loop if it is not there yet.
    async fn analysed(&self, uri: &Uri) -> Option<(Arc<Snapshot>, Arc<Analysed>)> {
        let snapshot = {
            let documents = self.documents();
            if let Some(done) = documents.analysis(uri) {
                return Some(done);
            }
            documents.snapshot(uri)?
        };
        let analysed = analyse(snapshot.clone(), self.project.clone()).await?;
        self.documents().store(&snapshot, analysed.clone());
        Some((snapshot, analysed))
    }

    /// Analyses a version and publishes its diagnostics, unless a newer
    /// version replaced it first.
    async fn publish(&self, snapshot: Arc<Snapshot>) {
        if !self.documents().is_current(&snapshot) {
            return;
        }
        let Some(analysed) = analyse(snapshot.clone(), self.project.clone()).await else {
            return;
        };
        let _order = self.publishing.lock().await;
        if !self.documents().store(&snapshot, analysed.clone()) {
            return;
        }
        let new_error = {
            let mut shown = self
                .config_error_shown
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let new = analysed.config_error.is_some() && *shown != analysed.config_error;
            shown.clone_from(&analysed.config_error);
            new
        };
        if let (true, Some(error)) = (new_error, &analysed.config_error) {
            let message =
                format!("handoff.toml has a mistake, so the default lint levels apply: {error}");
            self.client
                .show_message(MessageType::WARNING, message)
                .await;
        }
        let diagnostics = analysed
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(&snapshot.uri, &snapshot.text, &snapshot.lines, d))
            .collect();
        self.client
            .publish_diagnostics(snapshot.uri.clone(), diagnostics, Some(snapshot.version))
            .await;
    }

    async fn republish_all(&self) {
        let all = self.documents().all();
        for snapshot in all {
            self.publish(snapshot).await;
        }
    }
}

/// Analysis on the blocking pool, with the lint levels of the project the
/// file belongs to. When its `handoff.toml` has mistakes the default levels
/// apply, and the mistake is kept to show the user.
async fn analyse(snapshot: Arc<Snapshot>, project: Arc<Mutex<Project>>) -> Option<Arc<Analysed>> {
    tokio::task::spawn_blocking(move || {
        // Two versions analysed at once: the second parses from scratch
        // rather than wait (a cache left by a panic is just as safe to skip).
        let analysis = match snapshot.parsed.try_lock() {
            Ok(mut parsed) => Analysis::with_cache(snapshot.text.to_string(), &mut parsed),
            Err(_) => Analysis::new(snapshot.text.to_string()),
        };
        let path = snapshot.uri.to_file_path().map(|p| p.into_owned());
        let levelled = match path {
            // A panic while it was held left at worst a config to read again.
            Some(path) => project
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .diagnostics(&path, &analysis),
            None => Ok(analysis.diagnostics.clone()),
        };
        let (diagnostics, config_error) = match levelled {
            Ok(diagnostics) => (diagnostics, None),
            Err(error) => (analysis.diagnostics.clone(), Some(error.0)),
        };
        Arc::new(Analysed {
            analysis,
            diagnostics,
            config_error,
        })
    })
    .await
    .ok()
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

fn edits(snapshot: &Snapshot, edits: Vec<(Span, String)>) -> Vec<TextEdit> {
    edits
        .into_iter()
        .map(|(span, text)| TextEdit::new(snapshot.lines.range(&snapshot.text, span), text))
        .collect()
}

impl LanguageServer for Server {
    async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "handoff".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".into(), ">".into(), "(".into(), ",".into()]),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: structure::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                document_formatting_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![RUN_MESSY_TESTS.into(), EXPLAIN_TEST.into()],
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let snapshot = self
            .documents()
            .open(document.uri, document.version, document.text);
        self.publish(snapshot).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        let snapshot =
            self.documents()
                .change(&document.uri, document.version, params.content_changes);
        if let Some(snapshot) = snapshot {
            self.publish(snapshot).await;
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // A saved `handoff.toml` may change every open file's levels.
        self.republish_all().await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.republish_all().await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents().close(&uri);
        let _order = self.publishing.lock().await;
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        Ok(
            hover::hover(&analysed.analysis, offset).map(|(text, span)| Hover {
                contents: HoverContents::Markup(markdown(text)),
                range: Some(snapshot.lines.range(&snapshot.text, span)),
            }),
        )
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        let (items, is_incomplete) = completion::complete(&analysed.analysis, offset);
        Ok(Some(if is_incomplete {
            CompletionResponse::List(CompletionList {
                is_incomplete,
                items,
            })
        } else {
            CompletionResponse::Array(items)
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        Ok(
            navigation::definition(&analysed.analysis.model, offset).map(|span| {
                GotoDefinitionResponse::Scalar(Location::new(
                    snapshot.uri.clone(),
                    snapshot.lines.range(&snapshot.text, span),
                ))
            }),
        )
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        let spans = navigation::references(
            &analysed.analysis.model,
            offset,
            params.context.include_declaration,
        );
        Ok(Some(
            spans
                .into_iter()
                .map(|s| {
                    Location::new(
                        snapshot.uri.clone(),
                        snapshot.lines.range(&snapshot.text, s),
                    )
                })
                .collect(),
        ))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        let model = &analysed.analysis.model;
        let Some((symbol, _)) = model.symbol_at(offset as u32) else {
            return Ok(None);
        };
        Ok(Some(
            model
                .references_to(symbol)
                .map(|r| DocumentHighlight {
                    range: snapshot.lines.range(&snapshot.text, r.span),
                    kind: Some(if r.is_definition {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
                .collect(),
        ))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, params.position);
        Ok(
            navigation::prepare_rename(&analysed.analysis, offset).map(|(span, name)| {
                PrepareRenameResponse::RangeWithPlaceholder {
                    range: snapshot.lines.range(&snapshot.text, span),
                    placeholder: name,
                }
            }),
        )
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let Some((snapshot, analysed)) = self.analysed(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = snapshot.lines.offset(&snapshot.text, at.position);
        match navigation::rename(&analysed.analysis, offset, &params.new_name) {
            Ok(changes) => {
                let changes = [(snapshot.uri.clone(), edits(&snapshot, changes))]
                    .into_iter()
                    .collect();
                Ok(Some(WorkspaceEdit::new(changes)))
            }
            Err(navigation::RenameError(message)) => Err(Error {
                code: ErrorCode::InvalidParams,
                message: message.into(),
                data: None,
            }),
        }
    }

    #[allow(deprecated)] // `SymbolInformation::deprecated` must still be written.
    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = handoff_text::normalize(&params.query);
        let uris: Vec<Uri> = self
            .documents()
            .all()
            .iter()
            .map(|s| s.uri.clone())
            .collect();
        let mut found = Vec::new();
        for uri in uris {
            let Some((snapshot, analysed)) = self.analysed(&uri).await else {
                continue;
            };
            let model = &analysed.analysis.model;
            let names = model
                .topics
                .iter()
                .map(|t| (&t.name, SymbolKind::MODULE))
                .chain(
                    model
                        .systems
                        .iter()
                        .map(|s| (&s.name, SymbolKind::INTERFACE)),
                );
            for (name, kind) in names {
                if name.key.contains(&query) {
                    found.push(SymbolInformation {
                        name: name.text.clone(),
                        kind,
                        tags: None,
                        deprecated: None,
                        location: Location::new(
                            snapshot.uri.clone(),
                            snapshot.lines.range(&snapshot.text, name.span),
                        ),
                        container_name: None,
                    });
                }
            }
        }
        Ok(Some(WorkspaceSymbolResponse::Flat(found)))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        let symbols = structure::document_symbols(&analysed.analysis, &snapshot.lines);
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(structure::folding_ranges(
            &analysed.analysis,
            &snapshot.lines,
        )))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(
            params
                .positions
                .into_iter()
                .map(|p| {
                    let offset = snapshot.lines.offset(&snapshot.text, p);
                    structure::selection_range(&analysed.analysis, &snapshot.lines, offset)
                })
                .collect(),
        ))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: structure::semantic_tokens(&analysed.analysis, &snapshot.lines),
        })))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.documents().snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        let text = snapshot.text.clone();
        let formatted = tokio::task::spawn_blocking(move || handoff_fmt::format(&text).ok())
            .await
            .ok()
            .flatten();
        // A file that does not parse gets no edits.
        let Some(formatted) = formatted.filter(|f| **f != *snapshot.text) else {
            return Ok(Some(Vec::new()));
        };
        let whole = Span::new(0, snapshot.text.len());
        Ok(Some(edits(&snapshot, vec![(whole, formatted)])))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        let range = snapshot.lines.span(&snapshot.text, params.range);
        let found = actions::actions(&analysed.analysis, &analysed.diagnostics, range);
        let response = found
            .into_iter()
            .map(|action| {
                let diagnostic = convert::diagnostic(
                    &snapshot.uri,
                    &snapshot.text,
                    &snapshot.lines,
                    action.diagnostic,
                );
                let changes = [(snapshot.uri.clone(), edits(&snapshot, action.edits))]
                    .into_iter()
                    .collect();
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: action.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(WorkspaceEdit::new(changes)),
                    is_preferred: Some(action.preferred),
                    ..CodeAction::default()
                })
            })
            .collect();
        Ok(Some(response))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some((snapshot, analysed)) = self.analysed(&uri).await else {
            return Ok(None);
        };
        let lenses = rule_tests::outcomes(&analysed.analysis)
            .into_iter()
            .enumerate()
            .map(|(index, outcome)| CodeLens {
                range: snapshot.lines.range(&snapshot.text, outcome.span),
                command: Some(Command::new(
                    outcome.title,
                    EXPLAIN_TEST.into(),
                    Some(vec![Value::from(uri.as_str()), Value::from(index)]),
                )),
                data: None,
            })
            .collect();
        Ok(Some(lenses))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some((snapshot, analysed)) = self.analysed(&params.text_document.uri).await else {
            return Ok(None);
        };
        let range = snapshot.lines.span(&snapshot.text, params.range);
        let hints = rule_tests::hints(&analysed.analysis, range)
            .into_iter()
            .map(|(offset, label)| InlayHint {
                position: snapshot.lines.position(&snapshot.text, offset),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let uri = params
            .arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Uri>().ok())
            .ok_or_else(|| Error::invalid_params("the first argument is the document's URI"))?;
        let Some((_, analysed)) = self.analysed(&uri).await else {
            return Err(Error::invalid_params("that document is not open"));
        };
        let analysis = &analysed.analysis;
        match params.command.as_str() {
            RUN_MESSY_TESTS => {
                if analysis.has_errors() {
                    return Err(Error::invalid_params("the file has errors; fix them first"));
                }
                let report = rule_tests::messy_report(analysis);
                let count = report.as_array().map_or(0, Vec::len);
                let summary = if count == 0 {
                    "Every messy variant of every test message routes like the message itself."
                        .to_string()
                } else {
                    format!("{count} messy variants route differently; see the output for each.")
                };
                self.client.show_message(MessageType::INFO, &summary).await;
                if let Some(items) = report.as_array() {
                    for item in items {
                        self.client
                            .log_message(
                                MessageType::INFO,
                                format!(
                                    "line {}: {} ({}) {} instead of {}",
                                    item["line"],
                                    item["variant"],
                                    item["how"],
                                    item["decision"],
                                    item["instead_of"]
                                ),
                            )
                            .await;
                    }
                }
                Ok(Some(report))
            }
            EXPLAIN_TEST => {
                let index = params.arguments.get(1).and_then(Value::as_u64).unwrap_or(0) as usize;
                let outcome = rule_tests::outcomes(analysis).into_iter().nth(index);
                let Some(outcome) = outcome else {
                    return Err(Error::invalid_params("no such test"));
                };
                let mut lines = vec![outcome.title.clone()];
                lines.extend(outcome.why.iter().cloned());
                let kind = match outcome.passed {
                    Some(false) => MessageType::WARNING,
                    _ => MessageType::INFO,
                };
                self.client.show_message(kind, lines.join("\n")).await;
                Ok(Some(outcome.detail))
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}
