//! The store's decisions about the worker, pure: what to send next, in
//! which batches, and when to ask for the dashboard again.

use std::rc::Rc;

use super::{Input, ReportsState, BATCH, IN_FLIGHT, IN_FLIGHT_BYTES};

/// While files are being read, the dashboard is asked for at most this
/// often (each new dashboard costs the page a decode and a render; a folder
/// of 2,000 files would otherwise ask for one per batch). A changed filter,
/// and the end of the reading, are always asked for at once.
pub const REFRESH_MS: f64 = 1_500.0;

/// Inputs to post to the worker together: its files in one message (and
/// any pasted text in a message of its own).
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    /// The batch's number (from 1, increasing).
    pub id: u32,
    /// Its inputs, in order.
    pub inputs: Vec<Rc<Input>>,
}

/// The dashboard last asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Its number (0: none asked for yet); the page sends a query whenever
    /// this changes, and shows only the newest answer.
    pub seq: u32,
    /// The filter, in its URL form.
    pub filter: String,
    /// The data it was asked for (`ReportsState::data_version`).
    pub data_version: u32,
    /// When it was asked for (the clock given to `apply_at`).
    pub at: f64,
}

/// Moves inputs from the queue to the outbox while the worker has fewer
/// than [`IN_FLIGHT`] inputs and [`IN_FLIGHT_BYTES`] ahead (a large file goes
/// alone), in batches of up to [`BATCH`].
pub(super) fn feed(next: &mut ReportsState) {
    if !next.ready {
        return;
    }
    let mut bytes: u64 = next.in_flight.iter().map(|i| i.size).sum();
    let mut batch: Vec<Rc<Input>> = Vec::new();
    while next.in_flight.len() < IN_FLIGHT {
        let Some(front) = next.queue.front() else {
            break;
        };
        if !next.in_flight.is_empty() && bytes + front.size > IN_FLIGHT_BYTES {
            break;
        }
        if batch.len() == BATCH {
            close(next, &mut batch);
        }
        if let Some(input) = next.queue.pop_front() {
            bytes += input.size;
            next.in_flight.push(input.clone());
            batch.push(input);
        }
    }
    close(next, &mut batch);
}

fn close(next: &mut ReportsState, batch: &mut Vec<Rc<Input>>) {
    if batch.is_empty() {
        return;
    }
    next.next_batch += 1;
    next.outbox.push(Rc::new(Batch {
        id: next.next_batch,
        inputs: std::mem::take(batch),
    }));
}

/// Asks for a new dashboard when the data or the filter changed since the
/// last one, unless files are still being read, the filter is the same and
/// the last one was asked for less than [`REFRESH_MS`] ago.
pub(super) fn query(next: &mut ReportsState, now: f64) {
    if !next.ready {
        return;
    }
    let filter = next.filter.to_query();
    let filter_changed = filter != next.query.filter || next.query.seq == 0;
    if !filter_changed && next.data_version == next.query.data_version {
        return;
    }
    if !filter_changed && next.busy() && now - next.query.at < REFRESH_MS {
        return;
    }
    next.query = Query {
        seq: next.query.seq + 1,
        filter,
        data_version: next.data_version,
        at: now,
    };
}
