//! `--log FILE` on `route` and `guard`: a record of the message appended to
//! the conversation log, as the Python and Node recorders write it.

use handoff_guard::Verdict;
use handoff_log::{Entry, Recorder};
use handoff_policy::Policy;
use handoff_route::Decision;

use crate::RunError;
use crate::cli::LogArgs;

pub(crate) fn record(
    args: &LogArgs,
    policy: &Policy,
    message: &str,
    decision: &Decision,
    reply: Option<(&str, &Verdict)>,
) -> Result<(), RunError> {
    let Some(path) = &args.log else {
        return Ok(());
    };
    let mut entry = Entry {
        message,
        reply: reply.map(|(r, _)| r),
        time: args.time.as_deref(),
        channel: args.channel.as_deref(),
        conversation: args.conversation.as_deref(),
        ..Entry::default()
    }
    .decided(decision);
    if let Some((_, verdict)) = reply {
        entry = entry.checked(verdict);
    }
    let record = Recorder::new(policy)
        .record(&entry)
        .map_err(|e| RunError(format!("cannot log the message: {e}")))?;
    handoff_log::append(path, &record)
        .map_err(|e| RunError::from((format!("cannot append to the log `{}`", path.display()), e)))
}
