//! Fixtures written for this project (tests/fixtures), generated where binary.
