//! A deterministic generator of realistic aggregate reports, for benchmarks
//! and demos (filled in below).
