//! The DMARC record: parse, render, check, explain, build.
