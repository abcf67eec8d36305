//! `handoff serve FILE`: the owner's workbench, a local web page that edits
//! a rules file and shows at once what the rules do. Every answer comes
//! from the library the CLI uses (the analysis and its fixes, the
//! formatter, the router, the guard, the review, the emitters); the page
//! only shows it.
//!
//! Safe on a shared machine: it listens on loopback unless told otherwise,
//! answers only a browser that opened the address with its random token
//! (kept in a same-site cookie after the first request, as Jupyter does),
//! refuses a `Host` or `Origin` that is not its own (no DNS rebinding, no
//! cross-site request), writes only the file it was started on (atomically,
//! and not over a change made on disk meanwhile) and sends nothing off the
//! machine: the page and its script are in the binary.

mod api;
mod guard;
mod language_server;
mod rules;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The largest request body: a rules file of a few megabytes.
pub(crate) const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// What the server is started on.
pub struct Options {
    /// The rules file: the only file it reads and writes.
    pub file: PathBuf,
    pub listen: SocketAddr,
}

/// What every request may read.
pub(crate) struct State {
    pub file: PathBuf,
    pub token: String,
    /// The `Host` values the server answers to: its address, by number
    /// and, on loopback, as `localhost`.
    pub hosts: Vec<String>,
    /// The text last asked about, analysed, with its router and guard.
    pub last: std::sync::Mutex<Option<Arc<rules::Rules>>>,
}

/// A random token of 128 bits, as hex.
fn token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The application, for a state; the routes are the page's and the API's.
fn app(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/app.js", get(api::script))
        .route("/editor.js", get(api::editor))
        .route("/lsp", get(language_server::upgrade))
        .route("/api/file", get(api::file))
        .route("/api/analyze", post(api::analyze))
        .route("/api/fix", post(api::fix))
        .route("/api/format", post(api::format))
        .route("/api/route", post(api::route))
        .route("/api/guard", post(api::guard))
        .route("/api/diff", post(api::diff))
        .route("/api/build", post(api::build))
        .route("/api/save", post(api::save))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard::admit,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves until Ctrl-C. `ready` gets the address to open, with the token,
/// once the server listens.
pub fn run(options: Options, ready: impl FnOnce(&str)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let address = listener.local_addr()?;
        let mut hosts = vec![address.to_string()];
        if address.ip().is_loopback() {
            hosts.push(format!("localhost:{}", address.port()));
        }
        let state = Arc::new(State {
            file: options.file,
            token: token()?,
            hosts,
            last: std::sync::Mutex::new(None),
        });
        ready(&format!("http://{address}/?token={}", state.token));
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
