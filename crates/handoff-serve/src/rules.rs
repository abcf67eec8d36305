//! The text the page asks about, analysed once: after a pause in typing the
//! page asks several questions of the same text (problems, the message, the
//! reply, the change), and building the router's index and the guard's
//! words costs more than the analysis itself, so the last text is kept
//! with both.

use std::sync::Arc;

use handoff_analysis::Analysis;
use handoff_guard::Guard;
use handoff_route::Router;
use self_cell::self_cell;

pub(crate) struct Engines<'p> {
    pub router: Router<'p>,
    pub guard: Guard<'p>,
}

pub(crate) struct Analysed {
    pub text: String,
    pub analysis: Analysis,
}

self_cell!(
    pub(crate) struct Rules {
        owner: Analysed,
        #[covariant]
        dependent: Engines,
    }
);

impl Rules {
    pub fn analysis(&self) -> &Analysis {
        &self.borrow_owner().analysis
    }

    pub fn engines(&self) -> &Engines<'_> {
        self.borrow_dependent()
    }
}

/// The rules of `text`: the last ones when the text is the same.
pub(crate) fn of(state: &crate::State, text: &str) -> Arc<Rules> {
    let mut last = state
        .last
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(rules) = last.as_ref()
        && rules.borrow_owner().text == text
    {
        return Arc::clone(rules);
    }
    let analysed = Analysed {
        text: text.to_string(),
        analysis: Analysis::new(text),
    };
    let rules = Arc::new(Rules::new(analysed, |a| Engines {
        router: Router::new(&a.analysis.policy),
        guard: Guard::new(&a.analysis.policy),
    }));
    *last = Some(Arc::clone(&rules));
    rules
}
