//! The form definition format, version 1 (documented in docs/format.md).
//!
//! These types are the JSON format (read and written by [`crate::codec`]): what the designer saves, the runtime renders and a
//! server re-validates against. Expressions and patterns are kept as source strings here;
//! [`crate::compile`] parses and checks them.

use crate::date::Date;
use crate::text::{Lang, Text};
use crate::zone::{TimeZone, GERMANY};

/// A fieldless enum whose values have names in the format's JSON: each name is written
/// here once, beside the list of every value (`ALL`), `name()` and `parse()`; codec,
/// editor, palette and inspector read them from here.
macro_rules! named {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }
    ) => {
        $(#[$meta])*
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value, in the format's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value's name in the format's JSON.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// The value a name in the format's JSON stands for.
            pub fn parse(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|value| value.name() == name)
            }
        }

        impl Named for $name {
            fn all() -> &'static [$name] {
                Self::ALL
            }

            fn name(self) -> &'static str {
                $name::name(self)
            }
        }
    };
}

/// What [`named!`] gives each enum, for code that reads any of them (the codec).
pub trait Named: Copy + 'static {
    fn all() -> &'static [Self];
    fn name(self) -> &'static str;
}

/// The newest definition format this build understands.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Form {
    /// Always 1 for this format; a newer number is refused with a clear error.
    pub format_version: u32,
    /// Stable identifier, e.g. `hundesteuer-anmeldung`.
    pub id: String,
    /// Version of this form, e.g. `1.2.0`; drafts and payloads name it.
    pub version: String,
    pub title: Text,
    #[cfg_attr(feature = "schema", serde(default))]
    pub description: Option<Text>,
    /// Languages offered; `de` is required.
    pub languages: Vec<Lang>,
    /// LeiKa service key: 14 digits starting with 99.
    #[cfg_attr(feature = "schema", serde(default))]
    pub leika: Option<String>,
    pub steps: Vec<Step>,
    /// Consent texts the citizen must accept before submitting.
    #[cfg_attr(feature = "schema", serde(default))]
    pub declarations: Vec<Declaration>,
    #[cfg_attr(feature = "schema", serde(default))]
    pub submission: Option<SubmissionSettings>,
    /// The FIM Stammdatenschema (S…) the form was imported from.
    #[cfg_attr(feature = "schema", serde(default))]
    pub fim: Option<FimRef>,
    /// Values each municipality sets when it publishes the form, e.g. its tax rate.
    #[cfg_attr(feature = "schema", serde(default))]
    pub parameters: Vec<Parameter>,
    /// Where the receiving authority is: "today" in date rules and expressions is its
    /// date. `Europe/Berlin` when not given.
    #[cfg_attr(feature = "schema", serde(default))]
    pub time_zone: Option<TimeZone>,
    /// How long the answers typed so far are kept on the citizen's device.
    #[cfg_attr(feature = "schema", serde(default))]
    pub drafts: Option<DraftSettings>,
}

impl Form {
    /// The authority's time zone: the form's, else Germany's.
    pub fn time_zone(&self) -> TimeZone {
        self.time_zone.unwrap_or(GERMANY)
    }

    /// Days a draft is kept on the citizen's device: the form's, else 7; 0 keeps none.
    pub fn draft_days(&self) -> u32 {
        self.drafts.map_or(DEFAULT_DRAFT_DAYS, |d| d.keep_days)
    }
}

/// Drafts kept when the form does not say: a week.
pub const DEFAULT_DRAFT_DAYS: u32 = 7;

/// Answers typed so far are kept on the citizen's device (they may hold an IBAN or a
/// health detail), until the application is sent or deleted, and at most this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DraftSettings {
    /// Days, at most 90; 0 keeps no draft at all.
    pub keep_days: u32,
}

/// A value set per municipality: expressions name it `param.key`; the municipality
/// gives it when publishing (`formfabrik publish --param key=value`), otherwise
/// `default` applies.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parameter {
    pub key: String,
    /// What the municipality sets here, e.g. "Steuersatz je Hund (Euro)".
    pub label: Text,
    #[cfg_attr(feature = "schema", serde(rename = "type"))]
    pub kind: ParameterKind,
    /// As text, numbers with a decimal point: `120`, `96.5`, `Musterstadt`.
    #[cfg_attr(feature = "schema", serde(default))]
    pub default: Option<String>,
}

named! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
    pub enum ParameterKind {
        Text = "text",
        Number = "number",
        /// Euros; expressions see euros, as with currency fields.
        Currency = "currency",
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    pub id: String,
    pub title: Text,
    /// Expression; the step is skipped while it is false.
    #[cfg_attr(feature = "schema", serde(default))]
    pub visible_if: Option<String>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Declaration {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionSettings {
    /// Where the runtime POSTs the payload; the embedding page may override it.
    #[cfg_attr(feature = "schema", serde(default))]
    pub endpoint: Option<String>,
}

/// One field, group or piece of content.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Element {
    /// Unique in its scope (the form, or the repeating group it is in); used in
    /// expressions and in the payload.
    pub key: String,
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub kind: Kind,
    /// Label (legend for groups); content may leave it empty.
    #[cfg_attr(feature = "schema", serde(default))]
    pub label: Text,
    #[cfg_attr(feature = "schema", serde(default))]
    pub help: Option<Text>,
    #[cfg_attr(feature = "schema", serde(default))]
    pub placeholder: Option<Text>,
    #[cfg_attr(feature = "schema", serde(default))]
    pub required: bool,
    /// Expression; when true the field is required.
    #[cfg_attr(feature = "schema", serde(default))]
    pub required_if: Option<String>,
    /// Expression; the element is hidden while it is false.
    #[cfg_attr(feature = "schema", serde(default))]
    pub visible_if: Option<String>,
    /// HTML autocomplete token, e.g. `given-name`, `postal-code`.
    #[cfg_attr(feature = "schema", serde(default))]
    pub autocomplete: Option<String>,
    #[cfg_attr(feature = "schema", serde(default))]
    pub rules: Vec<Rule>,
    /// Overrides of the built-in messages, by check: `required`, `format`, `file_type`,
    /// `file_size`, `file_count`, `min_items`, `max_items`.
    // A vector, not a map: B-trees cost the runtime's size budget ~20 KB.
    #[cfg_attr(feature = "schema", serde(default))]
    #[cfg_attr(feature = "schema", schemars(with = "SchemaMessages"))]
    pub messages: Vec<(String, Text)>,
    #[cfg_attr(feature = "schema", serde(default))]
    pub fim: Option<FimRef>,
    /// Notes for form builders, never shown to citizens: e.g. a FIM rule in prose that
    /// still needs a condition written by hand.
    #[cfg_attr(feature = "schema", serde(default))]
    pub notes: Vec<String>,
}

/// How `messages` looks in the format's JSON Schema: an object of texts by check.
#[cfg(feature = "schema")]
#[allow(clippy::disallowed_types)] // Only the schema: never in a bundle.
type SchemaMessages = std::collections::BTreeMap<String, Text>;

/// Where an element came from in the federal FIM catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FimRef {
    /// e.g. `F00003175` or `G00000082`.
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(tag = "type", rename_all = "snake_case"))]
pub enum Kind {
    Text,
    MultilineText,
    Integer,
    Decimal,
    /// Euro amount; answers and payloads hold cents, expressions see euros.
    Currency,
    Date,
    Email,
    Phone,
    /// German postal code (five digits).
    PostalCode,
    Iban,
    YesNo,
    SingleChoice {
        options: Vec<ChoiceOption>,
        #[cfg_attr(feature = "schema", serde(default))]
        display: ChoiceDisplay,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
    },
    /// A single checkbox, e.g. a consent.
    Checkbox,
    File {
        /// Accepted media types, e.g. `application/pdf`, `image/*`; empty accepts all.
        #[cfg_attr(feature = "schema", serde(default))]
        accept: Vec<String>,
        /// Largest accepted file in bytes.
        #[cfg_attr(feature = "schema", serde(default = "default_max_file_size"))]
        max_size: u64,
        #[cfg_attr(feature = "schema", serde(default = "one"))]
        max_count: u32,
    },
    /// A read-only value computed from an expression.
    Computed {
        expression: String,
        /// How the value is shown and submitted.
        #[cfg_attr(feature = "schema", serde(default))]
        format: ComputedFormat,
    },
    /// Static text in the safe Markdown subset (paragraphs, emphasis, lists, links).
    Content {
        markdown: Text,
    },
    /// A fieldset; its label is the legend. Keys inside are reached as `group.key`.
    Group {
        elements: Vec<Element>,
    },
    /// A group the citizen fills in several times, e.g. once per dog.
    Repeat {
        elements: Vec<Element>,
        #[cfg_attr(feature = "schema", serde(default))]
        min: u32,
        #[cfg_attr(feature = "schema", serde(default))]
        max: Option<u32>,
        /// Heading of each entry, numbered: "Hund 1", "Hund 2"; not numbered where `max`
        /// is 1.
        item_label: Text,
    },
}

/// Largest file accepted when a file field names no `max_size`: 10 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[cfg(feature = "schema")]
fn default_max_file_size() -> u64 {
    DEFAULT_MAX_FILE_SIZE
}

#[cfg(feature = "schema")]
fn one() -> u32 {
    1
}

named! {
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
    pub enum ChoiceDisplay {
        #[default]
        Radio = "radio",
        Dropdown = "dropdown",
    }
}

named! {
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
    pub enum ComputedFormat {
        #[default]
        Auto = "auto",
        Number = "number",
        Currency = "currency",
        Text = "text",
        Date = "date",
        YesNo = "yes_no",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChoiceOption {
    pub value: String,
    pub label: Text,
}

/// A validation rule with an optional message replacing the built-in one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rule {
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub check: Check,
    #[cfg_attr(feature = "schema", serde(default))]
    pub message: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(tag = "rule", rename_all = "snake_case"))]
pub enum Check {
    MinLength {
        value: u32,
    },
    MaxLength {
        value: u32,
    },
    /// A regular expression the whole answer must match (linear-time syntax: no
    /// back-references or look-around).
    Pattern {
        pattern: String,
    },
    MinValue {
        value: f64,
    },
    MaxValue {
        value: f64,
    },
    MinDate {
        date: DateBound,
    },
    MaxDate {
        date: DateBound,
    },
    Email,
    Iban,
    PostalCodeDe,
    Phone,
    /// Only characters of DIN SPEC 91379 (String.Latin+), for names and addresses.
    Latin,
    /// A condition over several fields that must hold; the message is required.
    Expression {
        expression: String,
    },
}

named! {
    /// The rules by name (`rule` in the JSON, `code` of their errors).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RuleName {
        MinLength = "min_length",
        MaxLength = "max_length",
        Pattern = "pattern",
        MinValue = "min_value",
        MaxValue = "max_value",
        MinDate = "min_date",
        MaxDate = "max_date",
        Email = "email",
        Iban = "iban",
        PostalCodeDe = "postal_code_de",
        Phone = "phone",
        Latin = "latin",
        Expression = "expression",
    }
}

impl Check {
    pub fn rule_name(&self) -> RuleName {
        match self {
            Check::MinLength { .. } => RuleName::MinLength,
            Check::MaxLength { .. } => RuleName::MaxLength,
            Check::Pattern { .. } => RuleName::Pattern,
            Check::MinValue { .. } => RuleName::MinValue,
            Check::MaxValue { .. } => RuleName::MaxValue,
            Check::MinDate { .. } => RuleName::MinDate,
            Check::MaxDate { .. } => RuleName::MaxDate,
            Check::Email => RuleName::Email,
            Check::Iban => RuleName::Iban,
            Check::PostalCodeDe => RuleName::PostalCodeDe,
            Check::Phone => RuleName::Phone,
            Check::Latin => RuleName::Latin,
            Check::Expression { .. } => RuleName::Expression,
        }
    }

    /// The identifier errors report, e.g. `min_length`.
    pub fn code(&self) -> &'static str {
        self.rule_name().name()
    }
}

/// A date limit: an absolute date (`2024-01-01`), `today`, today shifted by years,
/// months or days (`today-18y`, `today+30d`, `today-6m`), or the answer of another date
/// field, by its key (`beginn`, `zeitraum.beginn`): an end not before its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateBound {
    Absolute(Date),
    Relative { amount: i32, unit: DateUnit },
    Field(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateUnit {
    Days,
    Months,
    Years,
}

impl DateBound {
    pub fn parse(text: &str) -> Option<DateBound> {
        if let Some(date) = Date::parse_iso(text) {
            return Some(DateBound::Absolute(date));
        }
        let Some(rest) = text.strip_prefix("today") else {
            // Another field's key path: `a–z`, digits and `_`, parts joined by dots.
            let is_key = |part: &str| {
                part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            return text
                .split('.')
                .all(is_key)
                .then(|| DateBound::Field(text.to_string()));
        };
        if rest.is_empty() {
            return Some(DateBound::Relative {
                amount: 0,
                unit: DateUnit::Days,
            });
        }
        let (sign, rest) = match rest.as_bytes()[0] {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            _ => return None,
        };
        let unit = match rest.chars().last()? {
            'd' => DateUnit::Days,
            'm' => DateUnit::Months,
            'y' => DateUnit::Years,
            _ => return None,
        };
        let digits = &rest[..rest.len() - 1];
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let amount = i32::try_from(crate::number::parse_unsigned(digits, 10)?).ok()?;
        Some(DateBound::Relative {
            amount: sign * amount,
            unit,
        })
    }

    /// The concrete date, given today's date; `None` for another field's answer (the
    /// compiled form evaluates that one).
    pub fn resolve(&self, today: Date) -> Option<Date> {
        match *self {
            DateBound::Absolute(date) => Some(date),
            DateBound::Relative { amount, unit } => match unit {
                DateUnit::Days => today.add_days(i64::from(amount)),
                DateUnit::Months => today.add_months(i64::from(amount)),
                DateUnit::Years => today.add_months(i64::from(amount) * 12),
            },
            DateBound::Field(_) => None,
        }
    }
}

impl std::fmt::Display for DateBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            DateBound::Absolute(date) => write!(f, "{date}"),
            DateBound::Relative { amount: 0, .. } => write!(f, "today"),
            DateBound::Field(ref key) => write!(f, "{key}"),
            DateBound::Relative { amount, unit } => {
                let unit = match unit {
                    DateUnit::Days => 'd',
                    DateUnit::Months => 'm',
                    DateUnit::Years => 'y',
                };
                write!(f, "today{amount:+}{unit}")
            }
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateBound {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateBound".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "YYYY-MM-DD, `today`, today shifted: `today-18y`, `today+30d`, `today-6m`, or the key of another date field: `beginn` (an end not before its start).",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|today([+-][0-9]{1,5}[dmy])?|[a-z][a-z0-9_]*([.][a-z][a-z0-9_]*)*)$"
        })
    }
}

impl Element {
    /// An element with only a key, a type and a German label; everything else unset.
    pub fn new(key: String, kind: Kind, label: Text) -> Element {
        Element {
            key,
            kind,
            label,
            help: None,
            placeholder: None,
            required: false,
            required_if: None,
            visible_if: None,
            autocomplete: None,
            rules: Vec::new(),
            messages: Vec::new(),
            fim: None,
            notes: Vec::new(),
        }
    }

    /// Child elements of groups and repeating groups.
    pub fn children(&self) -> &[Element] {
        match &self.kind {
            Kind::Group { elements } | Kind::Repeat { elements, .. } => elements,
            _ => &[],
        }
    }

    pub fn is_input(&self) -> bool {
        !matches!(
            self.kind,
            Kind::Computed { .. } | Kind::Content { .. } | Kind::Group { .. } | Kind::Repeat { .. }
        )
    }

    /// The definition's own message for a check (`required`, `format`, …), if any.
    pub fn message(&self, code: &str) -> Option<&Text> {
        self.messages
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, text)| text)
    }

    /// The heading of a repeating group's entry `index` (from 0): "Hund 2", or "Hund"
    /// alone where there can be only one (FIM's optional groups); other elements' label.
    pub fn entry_label(&self, index: usize, lang: Lang) -> String {
        match &self.kind {
            Kind::Repeat {
                item_label,
                max: Some(1),
                ..
            } => item_label.get(lang).to_string(),
            Kind::Repeat { item_label, .. } => format!("{} {}", item_label.get(lang), index + 1),
            _ => self.label.get(lang).to_string(),
        }
    }

    pub fn options(&self) -> &[ChoiceOption] {
        match &self.kind {
            Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => options,
            _ => &[],
        }
    }
}

impl Kind {
    /// Fields answered with free text (possibly checked for a format).
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Kind::Text
                | Kind::MultilineText
                | Kind::Email
                | Kind::Phone
                | Kind::PostalCode
                | Kind::Iban
        )
    }

    pub fn kind_name(&self) -> KindName {
        match self {
            Kind::Text => KindName::Text,
            Kind::MultilineText => KindName::MultilineText,
            Kind::Integer => KindName::Integer,
            Kind::Decimal => KindName::Decimal,
            Kind::Currency => KindName::Currency,
            Kind::Date => KindName::Date,
            Kind::Email => KindName::Email,
            Kind::Phone => KindName::Phone,
            Kind::PostalCode => KindName::PostalCode,
            Kind::Iban => KindName::Iban,
            Kind::YesNo => KindName::YesNo,
            Kind::SingleChoice { .. } => KindName::SingleChoice,
            Kind::MultipleChoice { .. } => KindName::MultipleChoice,
            Kind::Checkbox => KindName::Checkbox,
            Kind::File { .. } => KindName::File,
            Kind::Computed { .. } => KindName::Computed,
            Kind::Content { .. } => KindName::Content,
            Kind::Group { .. } => KindName::Group,
            Kind::Repeat { .. } => KindName::Repeat,
        }
    }

    /// The `type` name used in JSON.
    pub fn name(&self) -> &'static str {
        self.kind_name().name()
    }
}

named! {
    /// The element types by name (`type` in the JSON), in the designer palette's order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum KindName {
        Text = "text",
        MultilineText = "multiline_text",
        Email = "email",
        Phone = "phone",
        PostalCode = "postal_code",
        Iban = "iban",
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        YesNo = "yes_no",
        Checkbox = "checkbox",
        Integer = "integer",
        Decimal = "decimal",
        Currency = "currency",
        Date = "date",
        File = "file",
        Group = "group",
        Repeat = "repeat",
        Content = "content",
        Computed = "computed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_bounds() {
        assert_eq!(
            DateBound::parse("today-18y"),
            Some(DateBound::Relative {
                amount: -18,
                unit: DateUnit::Years
            })
        );
        assert_eq!(
            DateBound::parse("2024-05-01"),
            Some(DateBound::Absolute(Date::new(2024, 5, 1).expect("valid")))
        );
        assert_eq!(DateBound::parse("today+"), None);
        assert_eq!(DateBound::parse("today-18x"), None);
        // Anything else shaped like a key path names another date field (the compile
        // checks that it exists and is a date).
        assert_eq!(
            DateBound::parse("antrag.beginn"),
            Some(DateBound::Field("antrag.beginn".into()))
        );
        assert_eq!(DateBound::parse("Beginn"), None);
        assert_eq!(DateBound::parse("01.12.2026"), None);
        assert_eq!(DateBound::parse("antrag..beginn"), None);
        for text in ["today", "today-18y", "today+30d", "2024-02-29", "beginn"] {
            assert_eq!(
                DateBound::parse(text).map(|b| b.to_string()).as_deref(),
                Some(text)
            );
        }
    }

    #[test]
    fn resolves_relative_bounds() {
        let today = Date::new(2026, 11, 22).expect("valid");
        let bound = DateBound::parse("today-18y").expect("valid");
        assert_eq!(bound.resolve(today), Date::new(2008, 11, 22));
    }
}
