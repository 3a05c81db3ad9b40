//! Standard output written by a thread of its own: the rows are made on
//! one core while the system writes the previous ones (to a file or a
//! pipe) on another. Blocks of [`BLOCK`] bytes, at most [`IN_FLIGHT`]
//! waiting, so the output streams and memory stays small.

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// Bytes per block handed to the writing thread.
const BLOCK: usize = 1 << 20;
/// Blocks that may wait for the writing thread.
const IN_FLIGHT: usize = 2;

/// A writer whose bytes a second thread writes to standard output.
pub(crate) struct Background {
    block: Vec<u8>,
    send: Option<SyncSender<Vec<u8>>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Background {
    /// Starts the writing thread.
    pub(crate) fn stdout() -> Self {
        let (send, receive) = sync_channel::<Vec<u8>>(IN_FLIGHT);
        let thread = std::thread::spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for block in receive {
                out.write_all(&block)?;
            }
            out.flush()
        });
        Background {
            block: Vec::with_capacity(BLOCK),
            send: Some(send),
            thread: Some(thread),
        }
    }

    /// Hands the current block to the writing thread; its error, if it
    /// stopped (the reader went away).
    fn hand_over(&mut self) -> io::Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        let block = std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK));
        let sent = self.send.as_ref().map(|send| send.send(block));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread ended: its own error says why.
            _ => self.finish(),
        }
    }

    /// Hands `block` to the writing thread as it is, after the bytes written
    /// before it (no copy: for blocks made elsewhere, such as on other threads).
    pub(crate) fn send(&mut self, block: Vec<u8>) -> io::Result<()> {
        self.hand_over()?;
        if block.is_empty() {
            return Ok(());
        }
        let sent = self.send.as_ref().map(|send| send.send(block));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => self.finish(),
        }
    }

    /// Writes what is left and waits for the thread: the first error it met.
    pub(crate) fn finish(&mut self) -> io::Result<()> {
        if !self.block.is_empty() && self.send.is_some() {
            let block = std::mem::take(&mut self.block);
            if let Some(send) = &self.send {
                let _ = send.send(block);
            }
        }
        self.send = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the output thread stopped")),
            None => Err(io::Error::from(io::ErrorKind::BrokenPipe)),
        }
    }
}

impl Write for Background {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.block.extend_from_slice(buf);
        if self.block.len() >= BLOCK {
            self.hand_over()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.finish();
        }
    }
}
