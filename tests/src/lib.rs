//! Integration tests of the workspace live under `tests/tests/`; this library only compiles the
//! README's example as a doc test, so the example cannot rot.

#![doc = include_str!("../../README.md")]
