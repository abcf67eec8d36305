//! The page's editor speaks to the project's own language server, the one
//! every editor extension uses, over a WebSocket: one JSON-RPC message per
//! WebSocket text message, framed with `Content-Length` for the server as
//! on stdio. Each connection is a server of its own, ended when the page
//! goes away.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Pipe capacity between the bridge and the server, each way.
const PIPE: usize = 1 << 16;

pub(crate) async fn upgrade(ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(crate::BODY_LIMIT).on_upgrade(bridge)
}

async fn bridge(mut socket: WebSocket) {
    let (mut to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, from_server) = tokio::io::duplex(PIPE);
    // The server and its reader run as tasks of their own, so neither
    // waits on the other through a full pipe.
    tokio::spawn(handoff_lsp::serve(server_in, server_out));
    let (sent, mut said) = mpsc::channel::<String>(64);
    tokio::spawn(async move {
        let mut from_server = BufReader::new(from_server);
        while let Some(message) = read_message(&mut from_server).await {
            if sent.send(message).await.is_err() {
                break;
            }
        }
    });
    loop {
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Text(text))) => {
                    let head = format!("Content-Length: {}\r\n\r\n", text.len());
                    let written = async {
                        to_server.write_all(head.as_bytes()).await?;
                        to_server.write_all(text.as_bytes()).await
                    };
                    if written.await.is_err() {
                        break;
                    }
                }
                // Pings are answered by axum; binary is not the protocol.
                Some(Ok(Message::Binary(_) | Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            message = said.recv() => match message {
                Some(message) => {
                    if socket.send(Message::Text(message.into())).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
        }
    }
    // Dropping the pipe ends the server's input, and with it the server.
}

/// One message the server wrote: its headers, then a body of
/// `Content-Length` bytes. None when the server has ended.
async fn read_message(from: &mut (impl AsyncBufRead + Unpin)) -> Option<String> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if from.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    from.read_exact(&mut body).await.ok()?;
    String::from_utf8(body).ok()
}
