//! What `analyze` and `parse` read beside the reports: the network data
//! and the person's marks, so that both judge as the dashboard does.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use dmarc_core::analysis::Marks;
use dmarc_core::network::NetworkDb;

use crate::i18n::tr_with;

/// The network asset to read: `--network`, `$DMARC_LENS_NETWORK`, or the
/// one the build step writes in this repository's `target/`.
fn network_file(arg: Option<&Path>) -> PathBuf {
    arg.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("DMARC_LENS_NETWORK").map(PathBuf::from))
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/network/network.bin")
        })
}

/// The network data being read on a thread of its own (a tenth of a run on
/// one large report), while the index is built on another.
pub(crate) struct NetworkLoading {
    path: PathBuf,
    thread: JoinHandle<Result<NetworkDb, String>>,
}

impl NetworkLoading {
    /// Starts reading the network data (`--network`, else the default).
    pub(crate) fn start(arg: Option<&Path>) -> Self {
        let path = network_file(arg);
        let file = path.clone();
        let thread = std::thread::spawn(move || {
            std::fs::read(&file)
                .map_err(|e| e.to_string())
                .and_then(|bytes| NetworkDb::from_asset(&bytes).map_err(|e| e.to_string()))
        });
        NetworkLoading { path, thread }
    }

    /// The network data, or why not (said on stderr, in the reader's
    /// language).
    pub(crate) fn finish(self, lang: &str) -> Option<Arc<NetworkDb>> {
        let read = self
            .thread
            .join()
            .unwrap_or_else(|_| Err("the thread reading it stopped".to_owned()));
        match read {
            Ok(db) => Some(Arc::new(db)),
            Err(reason) => {
                eprintln!(
                    "{}",
                    tr_with(
                        lang,
                        "cli.analyze.network_missing",
                        &[
                            ("path", self.path.display().to_string()),
                            ("reason", reason)
                        ]
                    )
                );
                None
            }
        }
    }
}

/// The marks file at `path` (saved by the web app), or no marks.
pub(crate) fn read_marks(path: Option<&Path>) -> anyhow::Result<Marks> {
    let Some(path) = path else {
        return Ok(Marks::default());
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Marks::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
