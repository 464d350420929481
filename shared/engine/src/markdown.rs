//! The safe Markdown subset of static content as a tree (`authoring::markdown` reads
//! the source when a form is published): paragraphs, emphasis, lists and links. No
//! HTML: the runtime turns the tree into DOM nodes with text, never markup.

use crate::text::Lang;

/// A content element's text, read, in German and (if translated) English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    pub de: Vec<Block>,
    pub en: Option<Vec<Block>>,
}

impl Markdown {
    /// The blocks in `lang`, falling back to German, as `Text::get` does.
    pub fn get(&self, lang: Lang) -> &[Block] {
        match (lang, &self.en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => &self.de,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// Only `https:`, `http:`, `mailto:`, `tel:` and site-relative targets; other
    /// links (such as `javascript:`) stay plain text.
    Link {
        text: String,
        href: String,
    },
}
