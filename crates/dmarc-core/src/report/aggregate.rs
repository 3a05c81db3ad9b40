//! aggregate reports (to be written).
