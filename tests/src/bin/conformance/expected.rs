//! The expected failures (`tests/conformance-expected-failures.txt`): known failures another
//! branch is fixing, each with its reason. A listed failure does not fail the run; a listed one
//! that no longer happens does, so removing its line is how a fix is proven.
//!
//! One entry a line: `<spec file name> <operation or *> <class> <reason>`; `#` starts a comment.

use super::judge::{Class, Failure};

#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub spec: String,
    /// The operation's function name, or `*` for every operation of the spec.
    pub operation: String,
    pub class: Class,
    pub reason: String,
    /// The line in the file, for messages.
    pub line: usize,
}

impl Expected {
    pub fn covers(&self, spec: &str, failure: &Failure) -> bool {
        self.spec == spec
            && (self.operation == "*" || self.operation == failure.operation)
            && self.class == failure.class
    }
}

/// Reads the entries; a malformed line is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Expected>, String> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.splitn(4, char::is_whitespace);
        let (Some(spec), Some(operation), Some(class), Some(reason)) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return Err(format!(
                "line {}: expected `<spec> <operation|*> <class> <reason>`",
                index + 1
            ));
        };
        let class = Class::from_name(class).ok_or_else(|| {
            let names: Vec<&str> = Class::ALL.iter().map(|class| class.name()).collect();
            format!(
                "line {}: unknown class `{class}` (one of {})",
                index + 1,
                names.join(", ")
            )
        })?;
        entries.push(Expected {
            spec: spec.to_string(),
            operation: operation.to_string(),
            class,
            reason: reason.trim().to_string(),
            line: index + 1,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_names_spec_operation_class_and_reason() {
        let entries = parse(
            "# known\nhubapi.com_files.yaml upload rejected binary part sent as text (branch wire)\n",
        )
        .unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].reason, "binary part sent as text (branch wire)");
        let failure = Failure {
            operation: "upload".into(),
            dynamic: true,
            class: Class::Rejected,
            message: String::new(),
        };
        assert!(entries[0].covers("hubapi.com_files.yaml", &failure));
        assert!(!entries[0].covers("other.yaml", &failure));
    }

    #[test]
    fn a_line_without_a_reason_or_with_an_unknown_class_is_refused() {
        assert!(parse("spec.yaml op rejected\n").is_err());
        assert!(parse("spec.yaml op flaky because\n")
            .unwrap_err()
            .contains("unknown class"));
    }
}
