//! A string that matches a schema's `pattern`: the first choice of every alternation, the
//! fewest repetitions, and a letter or digit from each class where the class has one.

use regex_syntax::hir::{Class, Hir, HirKind};

/// `preferred` when it already matches, else a string built from the pattern, stretched to
/// `min_length` by repeating its last character while it still matches; `None` when the
/// pattern uses what Rust's regex syntax lacks (look-around, back-references).
pub fn matching(pattern: &str, preferred: &str, min_length: usize) -> Option<String> {
    let checker = regex::Regex::new(pattern).ok()?;
    if checker.is_match(preferred) {
        return Some(preferred.to_string());
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut built = String::new();
    build(&hir, &mut built);
    while built.chars().count() < min_length {
        let Some(last) = built.chars().last() else {
            break;
        };
        let longer = format!("{built}{last}");
        if !checker.is_match(&longer) {
            break;
        }
        built = longer;
    }
    checker.is_match(&built).then_some(built)
}

fn build(hir: &Hir, into: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => into.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => into.push(class_char(class)),
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min {
                build(&repetition.sub, into);
            }
        }
        HirKind::Capture(capture) => build(&capture.sub, into),
        HirKind::Concat(parts) => parts.iter().for_each(|part| build(part, into)),
        HirKind::Alternation(choices) => {
            if let Some(first) = choices.first() {
                build(first, into);
            }
        }
    }
}

/// A readable member of the class: a lower-case letter, a digit or an upper-case letter when
/// the class has one, else its first member.
fn class_char(class: &Class) -> char {
    let contains = |c: char| match class {
        Class::Unicode(unicode) => unicode
            .ranges()
            .iter()
            .any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(bytes) => u8::try_from(c).is_ok_and(|b| {
            bytes
                .ranges()
                .iter()
                .any(|r| r.start() <= b && b <= r.end())
        }),
    };
    ['a', '1', 'A', '-', '_', '.', ' ']
        .into_iter()
        .find(|c| contains(*c))
        .unwrap_or_else(|| match class {
            Class::Unicode(unicode) => unicode.ranges().first().map_or('a', |r| r.start()),
            Class::Bytes(bytes) => bytes
                .ranges()
                .first()
                .map_or('a', |r| char::from(r.start())),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_that_already_matches_is_kept() {
        assert_eq!(
            matching("^[a-z]+$", "conformance", 0),
            Some("conformance".into())
        );
    }

    #[test]
    fn a_version_pattern_gets_digits_and_dots() {
        assert_eq!(
            matching(r"^\d+\.\d+\.\d+([\-\+].+)?$", "conformance", 0),
            Some("1.1.1".into())
        );
    }

    #[test]
    fn classes_alternations_and_counts_are_honoured() {
        assert_eq!(matching("^(ab|cd)[A-Z]{3}$", "x", 0), Some("abAAA".into()));
        assert_eq!(matching("^[^a-z]{2}$", "x", 0), Some("11".into()));
    }

    #[test]
    fn a_match_is_stretched_to_the_minimum_length() {
        assert_eq!(
            matching("^[0-9a-f]+$", "conformance", 40),
            Some("a".repeat(40))
        );
    }

    #[test]
    fn look_around_is_beyond_rusts_regex_and_gives_nothing() {
        assert_eq!(matching("^(?!x)[0-9]$", "conformance", 0), None);
    }
}
