//! Lines for people on standard error, and a progress bar below them: the
//! bar shows only when standard error is a terminal, and only once the work
//! has taken more than a second (never in a pipe, a log or a cron mail).

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::i18n::tr_with;

/// `text` on standard output. An error (the reader went away: `| head`) is
/// returned, never a panic as from `print!`; `main` ends such a run quietly.
pub(crate) fn stdout(text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_ref())?;
    out.flush()
}

/// Standard error, with a progress bar when there is one.
pub(crate) struct Log<'a> {
    lang: &'a str,
    /// The catalogue key of the bar's template (`cli.progress.*`).
    template: &'static str,
    started: Instant,
    total: usize,
    bar: Option<ProgressBar>,
    tty: bool,
}

impl<'a> Log<'a> {
    /// A log in `lang`, whose bar (if any) is drawn from `template`.
    pub(crate) fn new(lang: &'a str, template: &'static str) -> Log<'a> {
        Log {
            lang,
            template,
            started: Instant::now(),
            total: 0,
            bar: None,
            tty: std::io::stderr().is_terminal(),
        }
    }

    /// One line on standard output (a result), above the bar.
    pub(crate) fn out(&self, text: &str) -> std::io::Result<()> {
        let line = format!("{text}\n");
        match &self.bar {
            Some(bar) => bar.suspend(|| stdout(&line)),
            None => stdout(&line),
        }
    }

    /// How many steps the bar counts to.
    pub(crate) fn set_total(&mut self, total: usize) {
        self.total = total;
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
        }
    }

    /// One line from the catalogue, above the bar.
    pub(crate) fn line(&self, key: &str, args: &[(&str, String)]) {
        let text = tr_with(self.lang, key, args);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// Moves the bar to step `done`, showing it once a second has passed.
    pub(crate) fn progress(&mut self, done: usize) {
        if self.bar.is_none() && self.tty && self.started.elapsed() > Duration::from_secs(1) {
            let bar = ProgressBar::new(self.total as u64);
            let template = tr_with(self.lang, self.template, &[]);
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Clears the bar.
    pub(crate) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        let _ = std::io::stderr().flush();
    }
}
