//! failure reports (to be written).
