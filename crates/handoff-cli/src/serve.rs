//! `handoff serve FILE`: the workbench page (`handoff-serve`), on loopback
//! unless `--listen` says otherwise; the address with its token goes to
//! stdout, the only place it is ever shown.

use std::io::Write;

use crate::cli::ServeArgs;
use crate::{Outcome, RunError};

pub(crate) fn run(args: ServeArgs) -> Result<Outcome, RunError> {
    if args.file.is_dir() {
        return Err(RunError(format!(
            "`{}` is a directory: give the rules file the page edits",
            args.file.display()
        )));
    }
    if !args.listen.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can reach the page (they still need its token)",
            args.listen
        );
    }
    let options = handoff_serve::Options {
        file: args.file.clone(),
        listen: args.listen,
    };
    handoff_serve::run(options, |url| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
        eprintln!(
            "editing {}: open the address above in your browser; Ctrl-C stops",
            args.file.display()
        );
    })
    .map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            "; another program uses that port: choose another with `--listen 127.0.0.1:PORT`"
        } else {
            ""
        };
        RunError(format!("cannot serve on {}: {e}{hint}", args.listen))
    })?;
    Ok(Outcome::Clean)
}
