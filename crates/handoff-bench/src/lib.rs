//! What the benchmarks share with the tests: the accuracy scorers, which
//! the `accuracy` command prints and `tests/accuracy.rs` holds to floors.

pub mod accuracy;
