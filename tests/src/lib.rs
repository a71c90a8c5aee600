//! Integration tests of the workspace live under `tests/tests/`.
