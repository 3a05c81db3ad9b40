//! The notes a parse leaves: one per code, the first occurrence's record
//! and detail kept and further occurrences counted.

use crate::report::{Note, NoteCode};

/// Repairs and remarks, one note per code: the first occurrence's record and
/// detail are kept and further occurrences are counted.
#[derive(Default)]
pub(super) struct Notes {
    items: Vec<Note>,
    unknown: Vec<String>,
}

impl Notes {
    /// Records an occurrence of `code`; `detail` is built only the first time.
    pub fn add(&mut self, code: NoteCode, detail: impl FnOnce() -> String) {
        self.add_at(code, None, detail);
    }

    /// Records an occurrence of `code` in record `index` (0-based).
    pub fn add_in(&mut self, code: NoteCode, index: usize, detail: impl FnOnce() -> String) {
        self.add_at(code, Some(index), detail);
    }

    fn add_at(&mut self, code: NoteCode, record: Option<usize>, detail: impl FnOnce() -> String) {
        match self.items.iter_mut().find(|n| n.code == code) {
            Some(note) => note.more += 1,
            None => {
                let mut note = Note::new(code, detail());
                note.record = record;
                self.items.push(note);
            }
        }
    }

    /// Records an unknown element by its path.
    pub(super) fn unknown(&mut self, path: String) {
        if self.unknown.len() < 50 && !self.unknown.contains(&path) {
            self.unknown.push(path);
        }
    }

    /// Adds the notes of the text that follows the text of these (a report
    /// read in parts): the same notes as one reader of both would leave.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(super) fn append(&mut self, later: Notes) {
        for note in later.items {
            match self.items.iter_mut().find(|n| n.code == note.code) {
                Some(first) => first.more += 1 + note.more,
                None => self.items.push(note),
            }
        }
        for path in later.unknown {
            self.unknown(path);
        }
    }

    /// The notes, in the order first met.
    pub fn finish(self) -> Vec<Note> {
        let mut notes = self.items;
        if !self.unknown.is_empty() {
            notes.push(Note::new(
                NoteCode::UnknownElements,
                self.unknown.join(", "),
            ));
        }
        notes
    }
}
