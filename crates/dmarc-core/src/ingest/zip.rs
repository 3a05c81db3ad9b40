//! zip archives: every member read, junk members skipped with a note.

use std::io::Cursor;

use super::limits::read_bounded;
use super::Walk;
use crate::error::ErrorKind;
use crate::report::NoteCode;

/// Why a member is junk, if it is: a folder, macOS resource forks.
fn junk(name: &str, is_dir: bool) -> Option<(NoteCode, &'static str)> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if is_dir || name.ends_with('/') {
        Some((NoteCode::ZipDirectoryEntry, "folder entry skipped"))
    } else if name.starts_with("__MACOSX/") || name.contains("/__MACOSX/") || base.starts_with("._")
    {
        Some((NoteCode::ZipMacosxMember, "macOS metadata member skipped"))
    } else {
        None
    }
}

impl Walk<'_> {
    /// Reads each member of a zip archive as a payload of its own.
    /// Members are layers of their own (`zip:<name>`); notes and errors about
    /// the archive itself are reported under a `zip` layer.
    pub(super) fn zip(&mut self, bytes: &[u8], layers: &mut Vec<String>, depth: usize) {
        let mut here = layers.clone();
        here.push("zip".to_owned());
        let mut archive = match ::zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(archive) => archive,
            Err(e) => {
                self.error(
                    &here,
                    ErrorKind::Zip {
                        detail: e.to_string(),
                    },
                );
                return;
            }
        };
        let members = archive.len();
        if members > self.limits.max_zip_members {
            self.error(
                &here,
                ErrorKind::TooManyMembers {
                    members,
                    limit: self.limits.max_zip_members,
                },
            );
            return;
        }
        for index in 0..members {
            let mut file = match archive.by_index(index) {
                Ok(file) => file,
                Err(e) => {
                    self.error(
                        &here,
                        ErrorKind::Zip {
                            detail: format!("member {index}: {e}"),
                        },
                    );
                    continue;
                }
            };
            let name = file.name().to_owned();
            if let Some((code, why)) = junk(&name, file.is_dir()) {
                self.note(&here, code, format!("{why}: {name:?}"));
                continue;
            }
            if name.is_empty() {
                self.note(
                    &here,
                    NoteCode::ZipMemberEmptyName,
                    "zip member with an empty name",
                );
            }
            layers.push(format!("zip:{name}"));
            if file.encrypted() {
                self.error(layers, ErrorKind::ZipEncrypted);
                layers.pop();
                continue;
            }
            let compressed = usize::try_from(file.compressed_size()).unwrap_or(usize::MAX);
            match read_bounded(&mut file, compressed, &mut self.used, self.limits) {
                Ok((inner, _)) => {
                    drop(file);
                    self.payload(&inner, layers, depth + 1);
                }
                Err(kind) => self.error(layers, kind),
            }
            layers.pop();
        }
    }
}
