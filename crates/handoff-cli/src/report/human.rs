use handoff_report::{Counts, plural};

use super::Checked;

/// Source snippets with labels, help and fixes, then a summary line.
pub(super) fn render(files: &[Checked<'_>], color: bool) -> Vec<u8> {
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    let (mut out, counts) = handoff_report::human(
        files
            .iter()
            .zip(&names)
            .map(|(f, name)| (name.as_str(), f.analysis, f.diagnostics.as_slice())),
        color,
    );
    out.extend_from_slice(summary(files.len(), counts).as_bytes());
    out
}

fn summary(files: usize, counts: Counts) -> String {
    let checked = plural(files, "file");
    if counts == Counts::default() {
        format!("No problems found in {checked}.\n")
    } else {
        format!("Found {} in {checked}.\n", counts.found())
    }
}
