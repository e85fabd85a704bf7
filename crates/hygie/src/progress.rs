//! Progress bars for long vault operations, shown only when standard error is a terminal.
//!
//! `rustic_core` reports progress through its `ProgressBars` interface; this module draws it
//! with `indicatif`. Services and pipes get no bars (and no escape codes in their logs).

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use hygie_vault::{Progress, ProgressBars, ProgressType, RusticProgress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::t;

/// Bars on standard error, if it is a terminal.
pub fn for_terminal() -> Option<Arc<dyn ProgressBars>> {
    std::io::stderr()
        .is_terminal()
        .then(|| Arc::new(TerminalBars) as Arc<dyn ProgressBars>)
}

#[derive(Debug)]
struct TerminalBars;

impl ProgressBars for TerminalBars {
    fn progress(&self, progress_type: ProgressType, prefix: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let template = match progress_type {
            ProgressType::Spinner => "{spinner} {prefix} {elapsed}",
            ProgressType::Counter => "{spinner} {prefix} {wide_bar} {pos}/{len} {eta}",
            ProgressType::Bytes => {
                "{spinner} {prefix} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}"
            }
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_prefix(translate(prefix));
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::new(Bar(bar))
    }
}

/// rustic_core names its steps in English; the common ones are shown in the person's language.
fn translate(prefix: &str) -> String {
    match prefix.trim() {
        "backing up..." => t!("progress-backing-up"),
        "reading index..." => t!("progress-reading-index"),
        "getting snapshot..." | "getting snapshots..." => t!("progress-getting-snapshot"),
        "restoring file contents..." => t!("progress-restoring"),
        "collecting file information..." => t!("progress-collecting"),
        "reading pack data..." => t!("progress-reading-packs"),
        other => other.to_owned(),
    }
}

#[derive(Debug)]
struct Bar(ProgressBar);

impl RusticProgress for Bar {
    fn is_hidden(&self) -> bool {
        false
    }

    fn set_length(&self, len: u64) {
        self.0.set_length(len);
    }

    fn set_title(&self, title: &str) {
        self.0.set_prefix(translate(title));
    }

    fn inc(&self, inc: u64) {
        self.0.inc(inc);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
