//! Reads the safe Markdown subset of static content: paragraphs, `*emphasis*`,
//! `**strong**`, lists (`- ` or `1. `) and links `[text](https://…)`. No HTML:
//! everything else is text. The result is `engine::markdown`'s tree.

use engine::markdown::{Block, Inline};
use engine::text::Joined;

pub fn parse(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;
    let flush_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.joined(" "))));
            paragraph.clear();
        }
    };
    for line in source.lines() {
        let trimmed = line.trim();
        let item = list_item(trimmed);
        match (item, trimmed.is_empty()) {
            (Some((ordered, text)), _) => {
                flush_paragraph(&mut paragraph, &mut blocks);
                match &mut list {
                    Some((kind, items)) if *kind == ordered => items.push(inlines(text)),
                    _ => {
                        if let Some((ordered, items)) = list.take() {
                            blocks.push(Block::List { ordered, items });
                        }
                        list = Some((ordered, vec![inlines(text)]));
                    }
                }
            }
            (None, true) => {
                flush_paragraph(&mut paragraph, &mut blocks);
                if let Some((ordered, items)) = list.take() {
                    blocks.push(Block::List { ordered, items });
                }
            }
            (None, false) => {
                if let Some((ordered, items)) = list.take() {
                    blocks.push(Block::List { ordered, items });
                }
                paragraph.push(trimmed);
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    if let Some((ordered, items)) = list {
        blocks.push(Block::List { ordered, items });
    }
    blocks
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some((true, line[digits + 2..].trim()));
    }
    None
}

/// Emphasis, strong and links within one paragraph or list item. Linear in the text's
/// length: each closing marker is searched for forward only once (see `Ahead`), and
/// emphasis nests at most three levels (strong, then emphasis, then text).
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut ahead = Ahead::new(text);
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let parsed = match c {
            '*' if rest.starts_with("**") => ahead
                .delimited(at, "**")
                .map(|(inner, len)| (Inline::Strong(inlines(inner)), len)),
            '*' => ahead
                .delimited(at, "*")
                .map(|(inner, len)| (Inline::Emphasis(inlines(inner)), len)),
            '[' => ahead.link(at),
            _ => None,
        };
        match parsed {
            Some((inline, len)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
                at += len;
            }
            None => {
                plain.push(c);
                at += c.len_utf8();
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// The closing markers ahead in a text, each found by a forward search that resumes
/// where the last one ended: a text of 100,000 `[` without `](` costs one scan, not
/// 100,000.
struct Ahead<'t> {
    text: &'t str,
    /// Per marker: searched from, and the first occurrence there or after.
    found: [(usize, Option<usize>); 4],
}

const MARKERS: [&str; 4] = ["**", "*", "](", ")"];

impl<'t> Ahead<'t> {
    /// `usize::MAX` as "searched from": nothing searched yet.
    fn new(text: &'t str) -> Ahead<'t> {
        Ahead {
            text,
            found: [(usize::MAX, None); 4],
        }
    }

    /// Where `marker` first occurs at or after `from` (which never moves back).
    fn next(&mut self, marker: &str, from: usize) -> Option<usize> {
        let index = MARKERS.iter().position(|m| *m == marker)?;
        let (searched_from, result) = self.found[index];
        let still_valid = searched_from != usize::MAX
            && searched_from <= from
            && result.is_none_or(|found| found >= from);
        if !still_valid {
            let result = engine::text::find(&self.text[from..], marker).map(|at| from + at);
            self.found[index] = (from, result);
        }
        self.found[index].1
    }

    /// `*inner*` starting at `at`: the inner text and the length consumed.
    fn delimited(&mut self, at: usize, marker: &str) -> Option<(&'t str, usize)> {
        let start = at + marker.len();
        let end = self.next(marker, start)?;
        let inner = &self.text[start..end];
        (!inner.is_empty() && !inner.starts_with(' ')).then_some((inner, end + marker.len() - at))
    }

    /// `[label](href)` starting at `at`, when the target is safe.
    fn link(&mut self, at: usize) -> Option<(Inline, usize)> {
        let close = self.next("](", at)?;
        let end = self.next(")", close + 2)?;
        let label = &self.text[at + 1..close];
        let href = self.text[close + 2..end].trim();
        if label.is_empty() || !safe_target(href) {
            return None;
        }
        Some((
            Inline::Link {
                text: label.to_string(),
                href: href.to_string(),
            },
            end + 1 - at,
        ))
    }
}

/// Links go to web pages, e-mail addresses, phone numbers or pages of the same site,
/// never to script, and never to another site disguised as one of the same: browsers
/// read `/\evil.example` as `//evil.example` and drop tabs and line breaks
/// (`/<TAB>/evil.example`), so a target with a backslash, a control character or a
/// space is no link.
fn safe_target(href: &str) -> bool {
    let clean = !href
        .chars()
        .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    let scheme = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| href.starts_with(p));
    let same_site = href.starts_with('/') && !href.starts_with("//");
    clean && (scheme || same_site)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn parses_paragraphs_lists_and_inlines() {
        let blocks = parse("Die Steuer zahlt, wer **einen Hund** hält.\nZweite Zeile.\n\n- erstens\n- *zweitens*\n\n1. eins\n2. [Satzung](https://example.org/satzung)");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![
                    text("Die Steuer zahlt, wer "),
                    Inline::Strong(vec![text("einen Hund")]),
                    text(" hält. Zweite Zeile.")
                ]),
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![text("erstens")],
                        vec![Inline::Emphasis(vec![text("zweitens")])]
                    ]
                },
                Block::List {
                    ordered: true,
                    items: vec![
                        vec![text("eins")],
                        vec![Inline::Link {
                            text: "Satzung".into(),
                            href: "https://example.org/satzung".into()
                        }]
                    ]
                },
            ]
        );
    }

    #[test]
    fn keeps_html_and_unsafe_links_as_text() {
        let blocks = parse("<script>alert(1)</script> [klick](javascript:alert(1)) 3 * 4 = 12");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![text(
                "<script>alert(1)</script> [klick](javascript:alert(1)) 3 * 4 = 12"
            )])]
        );
        assert_eq!(inlines("**offen"), vec![text("**offen")]);
    }

    #[test]
    fn only_safe_targets_become_links() {
        for target in [
            "https://example.org/a",
            "http://example.org",
            "mailto:amt@kiel.de",
            "tel:+49431123",
            "/satzung.pdf",
        ] {
            let markdown = format!("[x]({target})");
            assert!(
                matches!(&inlines(&markdown)[..], [Inline::Link { .. }]),
                "{target}"
            );
        }
        for target in [
            "javascript:alert(1)",
            "//evil.example/x",
            "/\\evil.example/x",
            "/\t/evil.example/y",
            "/\n/evil.example",
            "https://example.org/a b",
            "data:text/html,x",
        ] {
            let markdown = format!("[x]({target})");
            assert_eq!(inlines(&markdown), vec![text(&markdown)], "{target:?}");
        }
    }

    #[test]
    fn reading_takes_time_linear_in_the_text() {
        // Each of these once cost a scan to the end per marker: 100,000 `[` froze the
        // assistant for 18 s. Read now, they stay text; the size shows they were read.
        for text_of in [
            "[".repeat(100_000),
            "*".repeat(100_000),
            "[a](".repeat(25_000),
            "*a ".repeat(30_000),
        ] {
            let read = inlines(&text_of);
            let length: usize = read
                .iter()
                .map(|i| match i {
                    Inline::Text(t) => t.len(),
                    _ => 0,
                })
                .sum();
            assert!(length > 0 && length <= text_of.len());
        }
        assert_eq!(
            inlines("**a *b* c** and [x](/y) *z*"),
            vec![
                Inline::Strong(vec![
                    text("a "),
                    Inline::Emphasis(vec![text("b")]),
                    text(" c")
                ]),
                text(" and "),
                Inline::Link {
                    text: "x".into(),
                    href: "/y".into()
                },
                text(" "),
                Inline::Emphasis(vec![text("z")]),
            ]
        );
    }
}
