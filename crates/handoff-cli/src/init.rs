//! `handoff init`: a starter rules file, from the bundled examples (which
//! check clean and whose tests pass: the test suite holds them to it).

use std::path::PathBuf;

use crate::cli::{InitArgs, Template};
use crate::{Outcome, RunError, atomic};

const FILE_NAME: &str = "rules.handoff";

fn template(kind: Template) -> &'static str {
    match kind {
        Template::Salon => include_str!("../../../examples/salon.handoff"),
        Template::Restaurant => include_str!("../../../examples/restaurant.handoff"),
        Template::Shop => include_str!("../../../examples/shop.handoff"),
        Template::Course => include_str!("../../../examples/course.handoff"),
    }
}

pub(crate) fn run(args: InitArgs) -> Result<Outcome, RunError> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir)
        .map_err(|e| RunError::from((format!("cannot create `{}`", dir.display()), e)))?;
    let path = dir.join(FILE_NAME);
    // Written whole, then moved into place only if nothing is there: an
    // existing file is never overwritten.
    atomic::write_new(&path, template(args.template).as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            RunError(format!(
                "`{}` already exists; it was not overwritten (choose another directory)",
                path.display()
            ))
        } else {
            RunError::from((format!("cannot write `{}`", path.display()), e))
        }
    })?;
    println!(
        "wrote {}: edit it for your business, then run `handoff check` and `handoff test` on it",
        path.display()
    );
    Ok(Outcome::Clean)
}
