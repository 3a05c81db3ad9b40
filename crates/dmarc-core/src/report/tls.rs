//! tls reports (to be written).
