//! The conversation log a runtime keeps, as a file's `log:` declares it:
//! one JSON line per customer message with the time, the rules' version,
//! the decision, the guard's verdict and the fields `save` keeps, every
//! string the customer, the agent or the runtime wrote redacted first.
//! The Python and Node packages' recorders and `handoff route --log` write
//! through here; `handoff report` reads through here.
//!
//! Invariants: a record holds no field `save` leaves out, and no text that
//! has not passed the file's `redact` patterns; every record validates
//! against [`schema`]; a write is one whole line; reading never fails, it
//! returns the records and the lines it skipped.

mod file;
mod record;
mod redact;
mod schema;

pub use file::{Log, Skipped, append, read};
pub use record::{BadEntry, Entry, Fired, Held, Record, Recorder, version};
pub use redact::Redactor;
pub use schema::{Saved, saved, schema};
