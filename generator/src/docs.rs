//! Turns spec prose into rustdoc lines that render as written and can never run as doc tests.
//!
//! Code fences become `text` blocks, indentation that markdown would read as a code block is
//! dropped, `[`/`]` are escaped so they are not read as intra-doc links, HTML is escaped outside
//! code spans, `<br>` breaks lines, bare URLs are wrapped in `<…>` so rustdoc links them, and
//! the lines that continue a list item are indented to its text, as markdown (and clippy's
//! `doc_lazy_continuation`) wants.

/// The rustdoc lines for one piece of spec prose.
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = text
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let mut lines = Vec::new();
    let mut in_fence = false;
    // Where the text of the list item being continued starts.
    let mut list_indent: Option<usize> = None;
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
            continue;
        }
        let prose = escape_prose(trimmed);
        if trimmed.is_empty() {
            list_indent = None;
            lines.push(prose);
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
            lines.push(prose);
        } else if let Some(width) = list_indent {
            lines.push(format!("{:width$}{prose}", ""));
        } else {
            lines.push(prose);
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

/// The width of the marker a list item starts with (`*   `, `- `, `12. `), spaces included.
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'*' | b'-' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let spaces = line[marker..]
        .bytes()
        .take_while(|&byte| byte == b' ')
        .count();
    (spaces > 0).then_some(marker + spaces)
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
    fn lines_that_continue_a_list_item_are_indented_to_its_text() {
        assert_eq!(
            doc_lines("**Note**:\n*   one\nmore of one\n*   two\n10. ten\n  more of ten\n\nafter"),
            vec![
                "**Note**:",
                "*   one",
                "    more of one",
                "*   two",
                "10. ten",
                "    more of ten",
                "",
                "after"
            ]
        );
        assert_eq!(doc_lines("*emphasis*\nnext"), vec!["*emphasis*", "next"]);
    }

    #[test]
    fn closes_an_unclosed_code_span() {
        assert_eq!(doc_lines("a `b"), vec!["a `b`"]);
    }
}
