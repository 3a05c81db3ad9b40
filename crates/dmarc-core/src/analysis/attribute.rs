//! Identification by network: a source whose domains and address ranges
//! name no service, but whose address lies in the AS a catalogued email
//! platform or gateway documents as its mail network, is that service's
//! ([`service_by_network`](super::senders::service_by_network)). The network
//! data arrives after the rows got their service (the worker fetches it when
//! reports are loaded), so every row is attributed again whenever it is
//! applied; [`BY_NETWORK`] marks the rows so attributed, which lets a later
//! change of data (or its removal) undo exactly those.

use super::derive::BY_NETWORK;
use super::index::Rows;
use super::intern::Interner;
use super::senders::ServiceId;

/// No service by network (in a per-address table).
pub(crate) const NONE: u16 = u16::MAX;

/// The service of a row whose domains and ranges gave `service`, and whether
/// it was told by the network: only an unknown sender takes the service of
/// its network (`by_network`, [`NONE`] for none).
pub(crate) fn attribute(service: ServiceId, by_network: u16) -> (ServiceId, bool) {
    if service == ServiceId::UNKNOWN && by_network != NONE {
        (ServiceId(by_network), true)
    } else {
        (service, false)
    }
}

/// Attributes every row again with `by_ip` (the service by network of each
/// address id, [`NONE`] for none; shorter than the addresses when no network
/// data is loaded) and rebuilds the sender groups, so no group is left
/// without rows.
pub(crate) fn reattribute(
    rows: &mut Rows,
    sources: &mut Interner<(ServiceId, u32)>,
    by_ip: &[u16],
) {
    // Nothing told by a network before or now: every row keeps its service
    // and every group its id (the usual case, and a cheap one to detect).
    if by_ip.iter().all(|&s| s == NONE) && rows.flags.iter().all(|f| f & BY_NETWORK == 0) {
        return;
    }
    let mut groups = Interner::default();
    for r in 0..rows.len() {
        let (Some(flags), Some(service), Some(&ip)) = (
            rows.flags.get_mut(r),
            rows.service.get_mut(r),
            rows.ip.get(r),
        ) else {
            continue;
        };
        let base = if *flags & BY_NETWORK != 0 {
            ServiceId::UNKNOWN
        } else {
            ServiceId(*service)
        };
        let by_network = by_ip.get(ip as usize).copied().unwrap_or(NONE);
        let (attributed, by) = attribute(base, by_network);
        *service = attributed.0;
        *flags = if by {
            *flags | BY_NETWORK
        } else {
            *flags & !BY_NETWORK
        };
        if let Some(source) = rows.source.get_mut(r) {
            *source = groups.intern((attributed, ip));
        }
    }
    *sources = groups;
}
