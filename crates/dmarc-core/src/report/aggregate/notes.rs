//! The notes a parse leaves: one per code, the first detail kept and
//! further occurrences counted.

use crate::report::note::with_more;
use crate::report::Note;

/// Repairs and remarks, one note per code: the first detail is kept and
/// further occurrences are counted.
#[derive(Default)]
pub(super) struct Notes {
    items: Vec<(String, String, usize)>,
    unknown: Vec<String>,
}

impl Notes {
    /// Records an occurrence of `code`; `detail` is built only the first time.
    pub fn add(&mut self, code: &str, detail: impl FnOnce() -> String) {
        match self.items.iter_mut().find(|(c, _, _)| c == code) {
            Some((_, _, more)) => *more += 1,
            None => self.items.push((code.to_owned(), detail(), 0)),
        }
    }

    /// Records an unknown element by its path.
    pub(super) fn unknown(&mut self, path: String) {
        if self.unknown.len() < 50 && !self.unknown.contains(&path) {
            self.unknown.push(path);
        }
    }

    /// The notes, in the order first met.
    pub fn finish(self) -> Vec<Note> {
        let mut notes: Vec<Note> = self
            .items
            .into_iter()
            .map(|(code, detail, more)| match more {
                0 => Note::new(code, detail),
                n => Note::new(code, with_more(&detail, n)),
            })
            .collect();
        if !self.unknown.is_empty() {
            notes.push(Note::new("unknown_elements", self.unknown.join(", ")));
        }
        notes
    }
}
