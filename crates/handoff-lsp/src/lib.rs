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
    runtime.block_on(async {
        let (service, socket) = service();
        tower_lsp_server::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
