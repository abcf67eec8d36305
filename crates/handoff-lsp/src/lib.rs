//! The handoff language server, started by `handoff lsp`. It speaks the
//! Language Server Protocol over stdio (tower-lsp-server on tokio) and
//! answers every request from what the CLI uses: `handoff_analysis::Analysis`
//! and its model, `handoff_project::Project` for lint levels,
//! `handoff_fmt::format`, the check registry's pages and
//! `handoff_route::Router`. It contains no parser, checker or router of its
//! own, and it is the only crate that knows LSP types.

mod actions;
mod completion;
mod convert;
mod document;
mod hover;
mod navigation;
mod rule_tests;
mod server;
mod structure;

pub use rule_tests::{Outcome as TestOutcome, outcomes_with as test_outcomes};
pub use server::{EXPLAIN_TEST, RUN_MESSY_TESTS, Server};
pub use tower_lsp_server::{ClientSocket, LspService, jsonrpc};

/// A service for the server, to serve over any transport (or drive in
/// tests and benchmarks).
pub fn service() -> (LspService<Server>, ClientSocket) {
    LspService::new(Server::new)
}

/// Serves the protocol on stdin and stdout until the client exits.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    Ok(())
}

/// Serves the protocol, framed as on stdio, on any pair of byte streams
/// until the client exits or `input` ends: the workbench's WebSocket
/// bridge is one.
pub async fn serve(input: impl tokio::io::AsyncRead + Unpin, output: impl tokio::io::AsyncWrite) {
    let (service, socket) = service();
    tower_lsp_server::Server::new(input, output, socket)
        .serve(service)
        .await;
}

/// The `file:` address the server knows a file by (the project's settings
/// are found from it), for a client that opens it; none for a path that
/// does not exist.
pub fn file_uri(path: &std::path::Path) -> Option<String> {
    let uri = tower_lsp_server::ls_types::Uri::from_file_path(path.canonicalize().ok()?)?;
    Some(uri.as_str().to_string())
}
