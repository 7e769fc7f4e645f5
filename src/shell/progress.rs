//! The transfer progress bar (indicatif), shown only on a terminal in text mode; otherwise
//! no bar object exists at all.

use indicatif::{ProgressBar, ProgressStyle};

use crate::handlers::Progress;

struct Bar(ProgressBar);

impl Progress for Bar {
    fn set_total(&self, bytes: u64) {
        self.0.set_length(bytes);
    }
    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub fn bar(label: &str) -> Box<dyn Progress> {
    let pb = ProgressBar::new(0);
    let style =
        ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    pb.set_style(style);
    pb.set_message(label.to_string());
    Box::new(Bar(pb))
}
