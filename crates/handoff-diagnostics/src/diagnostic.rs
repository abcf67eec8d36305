use std::fmt;

use crate::{Lint, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another place that explains the diagnostic ("first declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One replacement of source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A mechanical fix for a diagnostic, offered where the right change is
/// obvious (a misspelled keyword, a missing indent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A problem found in a `.handoff` file, from any layer (text, syntax,
/// checks). Renderers for the terminal, JSON, SARIF and the editor all read
/// this one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub lint: Lint,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// Short text shown under the marked place.
    pub label: Option<String>,
    pub related: Vec<Related>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(lint: Lint, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            lint,
            severity: lint.default_severity(),
            span,
            message: message.into(),
            label: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Diagnostic {
        self.fix = Some(Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A Rust program that embeds handoff can turn any diagnostic into a
/// `miette::Report` and attach the source with `with_source_code`.
impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{}/{}",
            self.lint.code(),
            self.lint.name()
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(
            self.label.clone(),
            (self.span.start as usize, self.span.len()),
        );
        let related = self.related.iter().map(|r| {
            miette::LabeledSpan::new_with_span(
                Some(r.message.clone()),
                (r.span.start as usize, r.span.len()),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedders_get_a_miette_report_with_code_help_and_labels() {
        let d = Diagnostic::new(Lint::UnknownSystem, Span::new(4, 8), "no system `cal`")
            .with_label("unknown system")
            .with_help("did you mean `calendar`?")
            .with_related(Span::new(0, 3), "declared here");
        let as_miette: &dyn miette::Diagnostic = &d;
        assert_eq!(as_miette.code().unwrap().to_string(), "H005/unknown-system");
        assert_eq!(
            as_miette.help().unwrap().to_string(),
            "did you mean `calendar`?"
        );
        assert_eq!(as_miette.severity(), Some(miette::Severity::Error));
        let labels: Vec<_> = as_miette.labels().unwrap().collect();
        assert_eq!(labels.len(), 2);
        assert_eq!((labels[0].offset(), labels[0].len()), (4, 4));
        assert_eq!(labels[1].label(), Some("declared here"));
        let report = miette::Report::new(d).with_source_code("cal x cal");
        assert_eq!(report.to_string(), "no system `cal`");
    }
}
