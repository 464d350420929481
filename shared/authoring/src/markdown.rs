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

/// Emphasis, strong and links within one paragraph or list item.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let parsed = match c {
            '*' if rest.starts_with("**") => {
                delimited(rest, "**").map(|(inner, len)| (Inline::Strong(inlines(inner)), len))
            }
            '*' => delimited(rest, "*").map(|(inner, len)| (Inline::Emphasis(inlines(inner)), len)),
            '[' => link(rest),
            _ => None,
        };
        match parsed {
            Some((inline, len)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// `*inner*` at the start of `text`: the inner text and the length consumed.
fn delimited<'t>(text: &'t str, marker: &str) -> Option<(&'t str, usize)> {
    let body = &text[marker.len()..];
    let end = engine::text::find(body, marker)?;
    let inner = &body[..end];
    (!inner.is_empty() && !inner.starts_with(' ')).then_some((inner, marker.len() * 2 + end))
}

fn link(text: &str) -> Option<(Inline, usize)> {
    let close = engine::text::find(text, "](")?;
    let label = &text[1..close];
    let after = &text[close + 2..];
    let end = after.find(')')?;
    let href = after[..end].trim();
    let safe = ["https://", "http://", "mailto:", "tel:", "/"]
        .iter()
        .any(|p| href.starts_with(p))
        && !href.starts_with("//");
    if !safe || label.is_empty() {
        return None;
    }
    Some((
        Inline::Link {
            text: label.to_string(),
            href: href.to_string(),
        },
        close + 2 + end + 1,
    ))
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
}
