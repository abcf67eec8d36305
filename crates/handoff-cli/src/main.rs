//! `handoff`: the command-line front end. It reads files, calls the one
//! analysis in `handoff-analysis`, renders diagnostics and writes outputs.
//! It parses and checks nothing itself.

use handoff_project::atomic;

/// The language server on a large file spends a third of its time in the
/// system allocator's frees (`perf` on `handoff-bench lsp`); mimalloc makes
/// an edit's diagnostics 1.6x sooner at 1,000 topics.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod build;
mod check;
mod cli;
mod diff;
mod explain;
mod fmt;
mod guard;
mod inbox;
mod init;
mod inputs;
mod log;
mod report;
mod route;
mod rules_test;
mod serve;
mod week;
mod week_page;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes: 0 clean, 1 the rules have errors, 2 the command could not
/// run (usage, a missing file, a failed write).
pub(crate) enum Outcome {
    Clean,
    Failed,
    /// Exit 2 for a problem already reported (a rule file with errors that
    /// `handoff guard` cannot check a reply against).
    CannotRun,
}

/// A problem running the command itself, not a problem in the rules.
#[derive(Debug)]
pub(crate) struct RunError(pub String);

impl From<handoff_project::ProjectError> for RunError {
    fn from(error: handoff_project::ProjectError) -> RunError {
        RunError(error.0)
    }
}

impl<E: std::fmt::Display> From<(String, E)> for RunError {
    fn from((context, error): (String, E)) -> RunError {
        RunError(format!("{context}: {error}"))
    }
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Check(args) => check::run(args),
        cli::Command::Build(args) => build::run(args),
        cli::Command::Fmt(args) => fmt::run(args),
        cli::Command::Route(args) => route::run(args),
        cli::Command::Guard(args) => guard::run(args),
        cli::Command::Test(args) => rules_test::run(args),
        cli::Command::Explain(args) => explain::run(args),
        cli::Command::Diff(args) => diff::run(args),
        cli::Command::Schema => {
            print!("{}", handoff_policy::Policy::json_schema());
            Ok(Outcome::Clean)
        }
        cli::Command::Init(args) => init::run(args),
        cli::Command::Inbox(args) => inbox::run(args),
        cli::Command::Report(args) => week::run(args),
        cli::Command::Serve(args) => serve::run(args),
        cli::Command::Lsp => handoff_lsp::run_stdio()
            .map(|()| Outcome::Clean)
            .map_err(|e| RunError(format!("the language server stopped: {e}"))),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::CannotRun) => ExitCode::from(2),
        Err(RunError(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
