//! Who may ask: a request for the server's own host, from its own page (or
//! no page at all), with the token, either in the first URL or in the
//! cookie that URL sets.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

const COOKIE: &str = "handoff_token";

fn refuse(why: &str) -> Response {
    (StatusCode::FORBIDDEN, format!("refused: {why}\n")).into_response()
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Compares without stopping at the first difference, so the time taken
/// says nothing about the token.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

pub(crate) async fn admit(
    State(state): State<Arc<crate::State>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !state.hosts.iter().any(|h| h == host) {
        return refuse("this server answers only to its own address");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = format!("http://{host}");
        if origin.to_str().ok() != Some(own.as_str()) {
            return refuse("a request from another site");
        }
    }
    // The first URL: its token becomes the cookie, and the address bar
    // loses the token.
    if request.uri().path() == "/"
        && let Some(query) = request.uri().query()
        && let Some(given) = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
    {
        if !same(given, &state.token) {
            return refuse("a wrong token: open the address `handoff serve` printed");
        }
        let mut response = Redirect::to("/").into_response();
        let cookie = format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            state.token
        );
        if let Ok(value) = cookie.parse() {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    match cookie_token(headers) {
        Some(given) if same(given, &state.token) => next.run(request).await,
        _ => refuse("no token: open the address `handoff serve` printed, with its token"),
    }
}
