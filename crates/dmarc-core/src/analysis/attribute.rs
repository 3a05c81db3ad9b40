//! Identification by network: a source whose domains and address ranges
//! name no service (an unknown sender, or mail only the owner's own domain
//! authenticates), but whose address lies in the AS of a catalogued email
//! platform or gateway, is that service's
//! ([`service_by_network`](super::senders::service_by_network)). The network
//! data arrives after the rows got their service (the worker fetches it when
//! reports are loaded), so every row is attributed again whenever it is
//! applied; [`BY_NETWORK`] marks the rows so attributed (with
//! [`BY_NETWORK_OWN`] when the row was the owner's own domain's), which lets a
//! later change of data (or its removal) undo exactly those.
//!
//! Only the service changes: a row's evidence (and so its verdict) is still
//! what its domains say, and a service marked "mine" does not make a row the
//! network alone attributed, and that fails DMARC, the owner's
//! ([`Judge`](super::Judge)): another customer of the same platform sends from
//! the same network.

use super::derive::{BY_NETWORK, BY_NETWORK_OWN};
use super::index::Rows;
use super::intern::Interner;
use super::senders::ServiceId;

/// No service by network (in a per-address table).
pub(crate) const NONE: u16 = u16::MAX;

/// The service of a row whose domains and ranges gave `service`, and the
/// flags saying the network told it ([`BY_NETWORK`], [`BY_NETWORK_OWN`]; 0
/// when it did not): an unknown sender and the owner's own domain take the
/// service of their network (`by_network`, [`NONE`] for none); a service
/// the domains or ranges named keeps it.
pub(crate) fn attribute(service: ServiceId, by_network: u16) -> (ServiceId, u16) {
    if by_network == NONE {
        return (service, 0);
    }
    if service == ServiceId::UNKNOWN {
        (ServiceId(by_network), BY_NETWORK)
    } else if service == ServiceId::OWN_DOMAIN {
        (ServiceId(by_network), BY_NETWORK | BY_NETWORK_OWN)
    } else {
        (service, 0)
    }
}

/// The service a row had before its network told one (its own when the
/// network told none).
fn told_without_network(service: u16, flags: u16) -> ServiceId {
    if flags & BY_NETWORK == 0 {
        ServiceId(service)
    } else if flags & BY_NETWORK_OWN != 0 {
        ServiceId::OWN_DOMAIN
    } else {
        ServiceId::UNKNOWN
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
        let base = told_without_network(*service, *flags);
        let by_network = by_ip.get(ip as usize).copied().unwrap_or(NONE);
        let (attributed, by) = attribute(base, by_network);
        *service = attributed.0;
        *flags = (*flags & !(BY_NETWORK | BY_NETWORK_OWN)) | by;
        if let Some(source) = rows.source.get_mut(r) {
            *source = groups.intern((attributed, ip));
        }
    }
    *sources = groups;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_own_take_the_network_and_give_it_back() {
        let platform = ServiceId::from_id("sendgrid").map_or(NONE, |s| s.0);
        let ses = ServiceId::from_id("amazon_ses").unwrap_or(ServiceId::UNKNOWN);
        // (told by domains and ranges, by network, attributed, flags)
        let cases = [
            (ServiceId::UNKNOWN, platform, platform, BY_NETWORK),
            (
                ServiceId::OWN_DOMAIN,
                platform,
                platform,
                BY_NETWORK | BY_NETWORK_OWN,
            ),
            (ses, platform, ses.0, 0),
            (ServiceId::UNKNOWN, NONE, ServiceId::UNKNOWN.0, 0),
            (ServiceId::OWN_DOMAIN, NONE, ServiceId::OWN_DOMAIN.0, 0),
        ];
        for (base, by_network, want, want_flags) in cases {
            let (got, flags) = attribute(base, by_network);
            assert_eq!((got.0, flags), (want, want_flags), "{base:?}");
            assert_eq!(told_without_network(got.0, flags), base, "{base:?}");
        }
    }
}
