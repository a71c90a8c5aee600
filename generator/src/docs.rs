//! Turns spec prose into rustdoc lines that render as written and can never run as doc tests.
//!
//! Code fences become `text` blocks, indentation that markdown would read as a code block is
//! dropped, `[`/`]` are escaped so they are not read as intra-doc links, HTML is escaped outside
//! code spans, `<br>` breaks lines, and bare URLs are wrapped in `<…>` so rustdoc links them.

/// The rustdoc lines for one piece of spec prose.
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = text
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw_line in text.lines() {
        let line: String = raw_line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            lines.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.trim_end().to_string());
        } else {
            lines.push(escape_prose(trimmed));
        }
    }
    if in_fence {
        lines.push("```".to_string());
    }
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    let first_content = lines.iter().position(|line| !line.is_empty());
    lines.drain(..first_content.unwrap_or(lines.len()));
    lines
}

/// Escapes one line of prose outside code blocks.
fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if !in_code && is_bare_url(word) {
            let end = word
                .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                .len();
            out.push('<');
            out.push_str(&word[..end]);
            out.push('>');
            out.push_str(&word[end..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                _ if in_code => out.push(c),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                _ => out.push(c),
            }
        }
    }
    // An unclosed code span would swallow the rest of the doc comment.
    if in_code {
        out.push('`');
    }
    out
}

fn is_bare_url(word: &str) -> bool {
    (word.starts_with("http://") || word.starts_with("https://"))
        && !word.contains(['<', '>', '`', '[', ']', '(', '"'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_prose_and_trims_blank_edges() {
        assert_eq!(
            doc_lines("\nHello world.\n\nSecond.\n\n"),
            vec!["Hello world.", "", "Second."]
        );
    }

    #[test]
    fn fences_become_text_blocks_that_never_run() {
        assert_eq!(
            doc_lines("Example:\n```rust\nfn main() {}\n```"),
            vec!["Example:", "```text", "fn main() {}", "```"]
        );
        assert_eq!(
            doc_lines("```\nunclosed"),
            vec!["```text", "unclosed", "```"]
        );
    }

    #[test]
    fn indentation_cannot_make_a_code_block() {
        assert_eq!(
            doc_lines("a\n\n    let x = 1;"),
            vec!["a", "", "let x = 1;"]
        );
    }

    #[test]
    fn escapes_html_links_and_wraps_urls() {
        assert_eq!(
            doc_lines("See https://example.com/x. <b>bold</b> [link] `<kept>`"),
            vec!["See <https://example.com/x>. &lt;b&gt;bold&lt;/b&gt; \\[link\\] `<kept>`"]
        );
    }

    #[test]
    fn breaks_lines_at_br_and_drops_control_characters() {
        assert_eq!(doc_lines("one<br/>two\u{0}"), vec!["one", "two"]);
    }

    #[test]
    fn closes_an_unclosed_code_span() {
        assert_eq!(doc_lines("a `b"), vec!["a `b`"]);
    }
}
