//! Work spread over threads and handed back in order: the files of a folder
//! are read, and the rows of a large export written, on every core, with
//! the same result as on one.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::Thread;

/// How many threads to use: `DMARC_LENS_THREADS` when set, else one per core.
pub(crate) fn threads() -> usize {
    std::env::var("DMARC_LENS_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Runs `work(i)` for each `i` in `0..count` on `threads` threads (at most
/// `count`, at least one), and hands each result to `each` on this thread
/// in the order of `i`; when `each` returns false, no more work starts and
/// no more results are handed over. Work on `i` starts only when at most
/// `window` results wait before it, so memory stays that of a few results.
pub(crate) fn in_order<T: Send>(
    count: usize,
    threads: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    mut each: impl FnMut(usize, T) -> bool,
) {
    let threads = threads.min(count).max(1);
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let handed = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel();
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(threads);
        for _ in 0..threads {
            let send = send.clone();
            let (next, handed, stop, work) = (&next, &handed, &stop, &work);
            let worker = scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return;
                }
                while i >= handed.load(Ordering::Acquire) + window {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    // Woken when a result is handed over (or all stop).
                    std::thread::park();
                }
                if stop.load(Ordering::Relaxed) || send.send((i, work(i))).is_err() {
                    return;
                }
            });
            workers.push(worker.thread().clone());
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        for (i, result) in receive {
            if stop.load(Ordering::Relaxed) {
                continue;
            }
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&handed.load(Ordering::Acquire)) {
                let at = handed.fetch_add(1, Ordering::AcqRel);
                // A thread held back by the window may go on now.
                workers.iter().for_each(Thread::unpark);
                if !each(at, result) {
                    stop.store(true, Ordering::Relaxed);
                    workers.iter().for_each(Thread::unpark);
                    waiting.clear();
                    break;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_stopping_stops() {
        // (count, threads, window, stop after): the order seen, whatever
        // the threads' timing.
        let cases = [
            (0, 4, 8, usize::MAX),
            (1, 4, 8, usize::MAX),
            (100, 1, 1, usize::MAX),
            (100, 3, 2, usize::MAX),
            (1_000, 4, 8, usize::MAX),
            (1_000, 4, 8, 10),
        ];
        for (count, threads, window, stop_after) in cases {
            let mut seen = Vec::new();
            in_order(
                count,
                threads,
                window,
                |i| {
                    // Later items finish first, to mix the order.
                    std::thread::sleep(std::time::Duration::from_micros(((count - i) % 7) as u64));
                    i * 2
                },
                |i, result| {
                    assert_eq!(result, i * 2);
                    seen.push(i);
                    seen.len() < stop_after
                },
            );
            let want: Vec<usize> = (0..count.min(stop_after)).collect();
            assert_eq!(seen, want, "{count} on {threads} threads");
        }
    }
}
