//! Reading FIM rules written in prose ("Wenn das Feld F… = 003, dann muss die
//! Feldgruppe G… befüllt sein.") into a small model the import can apply.
//!
//! The reader knows the phrasings, not the sentences of any one schema: ids and paths
//! (`G00001377.F00002372`), quoted labels and values, codes, `=` and `<>`, ODER and UND,
//! "befüllt", "nicht befüllt", "leer", "nicht leer", "der Wert … angegeben wurde",
//! "mindestens eines der Felder", "entweder … oder", "kann bis zu dreimal", and the
//! modal verbs of the consequence ("muss", "darf nicht", "kann", "soll … zum Pflichtfeld
//! werden"). Filler words ("das", "Feld", "ist", "sein", …) are skipped; any other word
//! makes the sentence unreadable, so a rule is only ever applied as a whole.

use engine::text::Text;

/// A FIM element named in a rule: the id, with the groups before it when the rule gives
/// a path (`G00001377.F00002372` → `["G00001377", "F00002372"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub path: Vec<String>,
}

impl Ref {
    pub fn display(&self) -> String {
        self.path.join(".")
    }
}

/// A value compared with: `"wahr"`, `003`, `"teilweise erfüllt"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    /// Digits as written (`003`), a code.
    Code(String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// The element has the value.
    Equals(Ref, Literal),
    /// The element is filled in (a group: anything in it).
    Filled(Ref),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// What a consequence says about its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// "muss befüllt sein", "darf nicht leer sein", "soll zum Pflichtfeld werden".
    Must,
    /// "darf nicht befüllt sein".
    MustNot,
    /// "kann befüllt werden", "darf befüllt sein".
    May,
    /// "muss nicht befüllt sein": literally "need not", often meant as "must not".
    NeedNot,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Sentence {
    /// Wenn `cond`, dann `effect` for each of `targets`.
    If {
        cond: Cond,
        targets: Vec<Ref>,
        effect: Effect,
    },
    /// Es muss mindestens eines der Felder … befüllt sein.
    AtLeastOne(Vec<Ref>),
    /// Es muss entweder … oder … befüllt werden.
    EitherOr(Vec<Ref>),
    /// Das Feld … kann bis zu `n`-mal ausgefüllt werden.
    UpTo(Ref, u32),
    /// Jeder Eintrag darf nur einmal ausgewählt werden.
    EachOnce,
}

/// Why a rule could not be read: in German and English, naming the words.
pub type Unreadable = Text;

/// Reads a whole rule; one unreadable sentence makes the rule unreadable.
pub fn read(text: &str) -> Result<Vec<Sentence>, Unreadable> {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    for part in split_sentences(&tokens) {
        sentences.push(sentence(part)?);
    }
    if sentences.is_empty() {
        return Err(Text::new(
            "Die Regel hat keinen Text.",
            "The rule has no text.",
        ));
    }
    Ok(sentences)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(Ref),
    /// A quoted text.
    Quoted(String),
    Number(String),
    /// A word, lower case.
    Word(String),
    Op(Op),
    Open,
    Close,
    Comma,
    /// End of a sentence: `.`, `;`, `:`.
    Stop,
    /// Anything else (`-`, `/`, `+`, …), kept so that it makes the sentence unreadable.
    Other(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Less,
    Greater,
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '„' | '‚' | '‘' | '’' | '«' | '»'
    )
}

/// Words that close a label written without its opening quote.
const CLAUSE_WORDS: [&str; 9] = [
    "dann", "befüllt", "oder", "und", "wenn", "muss", "darf", "leer", "nicht",
];

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if let Some((path, end)) = fim_path(&chars, i) {
            tokens.push(Token::Ref(Ref { path }));
            i = end;
            // A label whose opening quote is missing: `F00002365 Abbruch … Asbestprodukten"`.
            if let Some(end) = unopened_label(&chars, i) {
                tokens.push(Token::Quoted(chars[i..end].iter().collect::<String>()));
                i = end + 1;
            }
        } else if is_quote(c) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_quote(chars[end]) {
                end += 1;
            }
            let quoted: String = chars[start..end].iter().collect();
            tokens.push(Token::Quoted(
                quoted.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
            i = end + 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            tokens.push(Token::Number(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '-') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(Token::Word(word.trim_end_matches('-').to_lowercase()));
        } else {
            let next = chars.get(i + 1).copied();
            let (token, width) = match (c, next) {
                ('<', Some('>')) | ('!', Some('=')) => (Token::Op(Op::Ne), 2),
                ('=', Some('=')) => (Token::Op(Op::Eq), 2),
                ('<' | '>', Some('=')) => (Token::Other(c), 2),
                ('≠', _) => (Token::Op(Op::Ne), 1),
                ('=', _) => (Token::Op(Op::Eq), 1),
                ('<', _) => (Token::Op(Op::Less), 1),
                ('>', _) => (Token::Op(Op::Greater), 1),
                ('(', _) => (Token::Open, 1),
                (')', _) => (Token::Close, 1),
                (',', _) => (Token::Comma, 1),
                ('.' | ';' | ':' | '!' | '?', _) => (Token::Stop, 1),
                _ => (Token::Other(c), 1),
            };
            tokens.push(token);
            i += width;
        }
    }
    tokens
}

/// `F00002372`, `G00001377.F00002372` at `start`: the ids and where they end.
fn fim_path(chars: &[char], start: usize) -> Option<(Vec<String>, usize)> {
    if start > 0 && chars[start - 1].is_alphanumeric() {
        return None;
    }
    let mut path = Vec::new();
    let mut i = start;
    loop {
        let (id, end) = fim_id(chars, i)?;
        path.push(id);
        i = end;
        match (chars.get(i), chars.get(i + 1)) {
            (Some('.'), Some('F' | 'G')) if fim_id(chars, i + 1).is_some() => i += 1,
            _ => return Some((path, i)),
        }
    }
}

fn fim_id(chars: &[char], start: usize) -> Option<(String, usize)> {
    let first = *chars.get(start)?;
    if first != 'F' && first != 'G' {
        return None;
    }
    let mut end = start + 1;
    while chars.get(end).is_some_and(char::is_ascii_digit) {
        end += 1;
    }
    let digits = end - start - 1;
    let boundary = chars.get(end).is_none_or(|c| !c.is_alphanumeric());
    (digits >= 5 && boundary).then(|| (chars[start..end].iter().collect(), end))
}

/// After an id: words up to a closing quote, with no clause word or operator before it.
fn unopened_label(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if !chars.get(i).is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    let end = (i..chars.len())
        .find(|&j| is_quote(chars[j]) || matches!(chars[j], '=' | '<' | '>' | ','))?;
    if !is_quote(chars[end]) {
        return None;
    }
    let between: String = chars[i..end].iter().collect::<String>().to_lowercase();
    let clause = between
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CLAUSE_WORDS.contains(&w));
    (!clause).then_some(end)
}

/// Sentences end at `.`/`;`, and a "Wenn" starts a new one.
fn split_sentences(tokens: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth -= 1,
            Token::Stop if depth <= 0 => {
                if i > start {
                    out.push(&tokens[start..i]);
                }
                start = i + 1;
            }
            // "…, dabei darf jeder Eintrag nur einmal …" qualifies in a sentence of its own.
            Token::Word(w) if (w == "wenn" || w == "dabei") && i > start && depth <= 0 => {
                out.push(&tokens[start..i]);
                start = i;
            }
            _ => {}
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out.retain(|part| part.iter().any(|t| !matches!(t, Token::Comma)));
    out
}

/// Words that only make the sentence read well.
const FILLER: &[&str] = &[
    "das",
    "die",
    "der",
    "den",
    "dem",
    "des",
    "feld",
    "felder",
    "feldes",
    "datenfeld",
    "datenfelder",
    "feldgruppe",
    "gruppe",
    "datenfeldgruppe",
    "im",
    "in",
    "ist",
    "sind",
    "sein",
    "werden",
    "wird",
    "wurde",
    "so",
    "auch",
];

fn is_filler(token: &Token) -> bool {
    matches!(token, Token::Word(w) if FILLER.contains(&w.as_str()))
}

fn words(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| match t {
            Token::Ref(r) => r.display(),
            Token::Quoted(q) => format!("„{q}“"),
            Token::Number(n) | Token::Word(n) => n.clone(),
            Token::Op(Op::Eq) => "=".into(),
            Token::Op(Op::Ne) => "<>".into(),
            Token::Op(Op::Less) => "<".into(),
            Token::Op(Op::Greater) => ">".into(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
            Token::Comma => ",".into(),
            Token::Stop => ".".into(),
            Token::Other(c) => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn unknown(tokens: &[Token]) -> Unreadable {
    let shown = words(tokens);
    let date = shown.contains("datum") || shown.contains("tage") || shown.contains("jahre");
    if date {
        return Text::new(
            format!("Rechnen mit Datum und Fristen wird nicht gelesen („{shown}“)."),
            format!("Date arithmetic is not read (\"{shown}\")."),
        );
    }
    Text::new(
        format!("Diese Formulierung ist nicht bekannt: „{shown}“."),
        format!("This phrasing is not known: \"{shown}\"."),
    )
}

fn sentence(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let has = |word: &str| {
        tokens
            .iter()
            .any(|t| matches!(t, Token::Word(w) if w == word))
    };
    let starts_with_mindest = |w: &str| w.starts_with("mindest") && !w.starts_with("mindestens-");
    if matches!(tokens.first(), Some(Token::Word(w)) if w == "wenn") {
        return conditional(&tokens[1..]);
    }
    if has("entweder") {
        return either_or(tokens);
    }
    if tokens
        .iter()
        .any(|t| matches!(t, Token::Word(w) if starts_with_mindest(w)))
    {
        return at_least_one(tokens);
    }
    if has("bis") || has("bist") {
        return up_to(tokens);
    }
    if has("jeder") && has("einmal") {
        return each_once(tokens);
    }
    Err(unknown(tokens))
}

/// Wenn … [,] dann … / Wenn … muss …
fn conditional(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let mut depth = 0i32;
    let mut split = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth -= 1,
            Token::Word(w) if depth == 0 && (w == "dann" || MODALS.contains(&w.as_str())) => {
                split = Some((i, w == "dann"));
                break;
            }
            _ => {}
        }
    }
    let Some((at, dann)) = split else {
        return Err(unknown(tokens));
    };
    let cond = condition(&tokens[..at])?;
    let rest = &tokens[at + usize::from(dann)..];
    let (targets, effect) = consequence(rest)?;
    Ok(Sentence::If {
        cond,
        targets,
        effect,
    })
}

const MODALS: [&str; 6] = ["muss", "müssen", "darf", "dürfen", "kann", "soll"];
const FILLED: [&str; 7] = [
    "befüllt",
    "ausgefüllt",
    "gefüllt",
    "angegeben",
    "gesetzt",
    "vorhanden",
    "ausgewählt",
];

/// `muss die Feldgruppe G… "…" befüllt sein`, `darf F… nicht leer sein`,
/// `soll das Feld F… zum Pflichtfeld werden`.
fn consequence(tokens: &[Token]) -> Result<(Vec<Ref>, Effect), Unreadable> {
    let mut modal = None;
    let mut negated = false;
    let mut state = None;
    let mut targets = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ref(r) => {
                targets.push(r.clone());
                if matches!(tokens.get(i + 1), Some(Token::Quoted(_))) {
                    i += 1;
                }
            }
            Token::Word(w) if MODALS.contains(&w.as_str()) && modal.is_none() => {
                modal = Some(w.clone())
            }
            Token::Word(w) if w == "nicht" && !negated => negated = true,
            Token::Word(w) if FILLED.contains(&w.as_str()) => state = Some(true),
            Token::Word(w) if w == "leer" => state = Some(false),
            Token::Word(w) if w.starts_with("pflicht") => state = Some(true),
            Token::Word(w) if w == "zum" || w == "zu" => {}
            Token::Word(w) if (w == "und" || w == "sowie") && !targets.is_empty() => {}
            Token::Comma => {}
            token if is_filler(token) => {}
            token => rest.push(token.clone()),
        }
        i += 1;
    }
    if !rest.is_empty() || targets.is_empty() {
        return Err(unknown(tokens));
    }
    let (Some(modal), Some(filled)) = (modal, state) else {
        return Err(unknown(tokens));
    };
    // "darf nicht leer" is "muss befüllt"; "muss leer" is "darf nicht befüllt".
    let must_fill = filled != negated;
    let effect = match (modal.as_str(), negated, must_fill) {
        ("muss" | "müssen" | "soll", false, true) => Effect::Must,
        ("muss" | "müssen" | "soll", false, false) => Effect::MustNot,
        ("muss" | "müssen" | "soll", true, false) if filled => Effect::NeedNot,
        ("darf" | "dürfen", true, false) => Effect::MustNot,
        ("darf" | "dürfen", true, true) => Effect::Must,
        ("darf" | "dürfen" | "kann", false, true) => Effect::May,
        _ => return Err(unknown(tokens)),
    };
    Ok((targets, effect))
}

/// A condition: operands joined by ODER or by UND (both without brackets is ambiguous).
fn condition(tokens: &[Token]) -> Result<Cond, Unreadable> {
    let mut operands: Vec<&[Token]> = Vec::new();
    let (mut ors, mut ands) = (false, false);
    let mut depth = 0i32;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth -= 1,
            Token::Word(w) if depth == 0 && (w == "oder" || w == "und") => {
                if w == "oder" {
                    ors = true;
                } else {
                    ands = true;
                }
                operands.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    operands.push(&tokens[start..]);
    if ors && ands {
        return Err(Text::new(
            format!("UND und ODER stehen ohne Klammern nebeneinander; was zusammengehört, ist nicht eindeutig („{}“).", words(tokens)),
            format!("AND and OR appear without brackets; what belongs together is ambiguous (\"{}\").", words(tokens)),
        ));
    }
    let mut conds = Vec::new();
    let mut previous: Option<Ref> = None;
    for operand in operands {
        let operand = trim_commas(operand);
        let cond = match operand {
            [Token::Open, inner @ .., Token::Close] => condition(inner)?,
            _ => atom(operand, previous.as_ref())?,
        };
        previous = last_ref(&cond);
        conds.push(cond);
    }
    Ok(match conds.len() {
        1 => conds.remove(0),
        _ if ors => Cond::Or(conds),
        _ => Cond::And(conds),
    })
}

fn trim_commas(mut tokens: &[Token]) -> &[Token] {
    while let [Token::Comma, rest @ ..] = tokens {
        tokens = rest;
    }
    while let [rest @ .., Token::Comma] = tokens {
        tokens = rest;
    }
    tokens
}

fn last_ref(cond: &Cond) -> Option<Ref> {
    match cond {
        Cond::Equals(r, _) | Cond::Filled(r) => Some(r.clone()),
        Cond::Not(inner) => last_ref(inner),
        Cond::And(all) | Cond::Or(all) => all.last().and_then(last_ref),
    }
}

/// `das Feld F… "…" = "wahr"`, `F… <> 003 "…"`, `die Feldgruppe G… befüllt ist`,
/// `F… "Tag" nicht leer`, `im Feld F… der Wert 003 angegeben wurde`, and `= 005 "…"`
/// after an operand naming the field.
fn atom(tokens: &[Token], previous: Option<&Ref>) -> Result<Cond, Unreadable> {
    let mut rest: Vec<&Token> = tokens.iter().filter(|t| !is_filler(t)).collect();
    let reference = match rest.first() {
        Some(Token::Ref(r)) => {
            let r = r.clone();
            rest.remove(0);
            if matches!(rest.first(), Some(Token::Quoted(_))) {
                rest.remove(0);
            }
            r
        }
        Some(Token::Op(_)) => previous.cloned().ok_or_else(|| unknown(tokens))?,
        _ => return Err(unknown(tokens)),
    };
    let word = |t: &&Token, w: &str| matches!(t, Token::Word(x) if x == w);
    match rest.as_slice() {
        [Token::Op(op), value @ ..] => {
            let literal = literal(value).ok_or_else(|| unknown(tokens))?;
            let equals = Cond::Equals(reference, literal);
            match op {
                Op::Eq => Ok(equals),
                Op::Ne => Ok(Cond::Not(Box::new(equals))),
                Op::Less | Op::Greater => Err(Text::new(
                    format!(
                        "Größer/kleiner-Vergleiche werden nicht gelesen („{}“).",
                        words(tokens)
                    ),
                    format!(
                        "Greater/less comparisons are not read (\"{}\").",
                        words(tokens)
                    ),
                )),
            }
        }
        [Token::Word(w)] if FILLED.contains(&w.as_str()) => Ok(Cond::Filled(reference)),
        [Token::Word(w)] if w == "leer" => Ok(Cond::Not(Box::new(Cond::Filled(reference)))),
        [not, Token::Word(w)] if word(not, "nicht") && FILLED.contains(&w.as_str()) => {
            Ok(Cond::Not(Box::new(Cond::Filled(reference))))
        }
        [not, leer] if word(not, "nicht") && word(leer, "leer") => Ok(Cond::Filled(reference)),
        // "der Wert 003 angegeben wurde" (the article is a filler word).
        [wert, value @ .., Token::Word(w)]
            if word(wert, "wert") && FILLED.contains(&w.as_str()) =>
        {
            let (value, negated) = match value {
                [value @ .., not] if word(not, "nicht") => (value, true),
                _ => (value, false),
            };
            let literal = literal(value).ok_or_else(|| unknown(tokens))?;
            let equals = Cond::Equals(reference, literal);
            Ok(if negated {
                Cond::Not(Box::new(equals))
            } else {
                equals
            })
        }
        _ => Err(unknown(tokens)),
    }
}

/// `"wahr"`, `wahr`, `003`, `003 "label"`, `"teilweise erfüllt"`.
fn literal(tokens: &[&Token]) -> Option<Literal> {
    let boolean = |text: &str| match text.to_lowercase().as_str() {
        "wahr" | "true" | "ja" => Some(Literal::Bool(true)),
        "falsch" | "false" | "nein" => Some(Literal::Bool(false)),
        _ => None,
    };
    match tokens {
        [Token::Number(n)] | [Token::Number(n), Token::Quoted(_)] => Some(Literal::Code(n.clone())),
        [Token::Word(w)] => boolean(w),
        [Token::Quoted(q)] => Some(boolean(q).unwrap_or_else(|| {
            if !q.is_empty() && q.chars().all(|c| c.is_ascii_digit()) {
                Literal::Code(q.clone())
            } else {
                Literal::Text(q.clone())
            }
        })),
        _ => None,
    }
}

/// The references of a list sentence, and whether only `allowed` words besides them
/// (and a filled-state word) appear.
fn listed(tokens: &[Token], allowed: &[&str]) -> Result<Vec<Ref>, Unreadable> {
    let mut refs = Vec::new();
    let mut filled = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ref(r) => {
                refs.push(r.clone());
                if matches!(tokens.get(i + 1), Some(Token::Quoted(_))) {
                    i += 1;
                }
            }
            Token::Word(w) if FILLED.contains(&w.as_str()) => filled = true,
            Token::Word(w) if allowed.contains(&w.as_str()) || w.starts_with("mindest") => {}
            Token::Comma => {}
            token if is_filler(token) => {}
            _ => return Err(unknown(tokens)),
        }
        i += 1;
    }
    if !filled || refs.len() < 2 {
        return Err(unknown(tokens));
    }
    Ok(refs)
}

/// Es muss mindestens eines der Felder F… "…", F… "…" oder F… "…" befüllt sein.
fn at_least_one(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let allowed = [
        "es",
        "muss",
        "müssen",
        "soll",
        "eines",
        "eins",
        "ein",
        "eine",
        "einer",
        "und",
        "oder",
        "von",
        "folgenden",
        "angaben",
    ];
    listed(tokens, &allowed).map(Sentence::AtLeastOne)
}

/// Es muss entweder die Feldgruppe G… oder die Feldgruppe G… befüllt werden.
fn either_or(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let allowed = ["es", "muss", "müssen", "soll", "entweder", "oder"];
    listed(tokens, &allowed).map(Sentence::EitherOr)
}

/// Das Feld F… kann bis zu dreimal ausgefüllt werden.
fn up_to(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let mut reference = None;
    let mut times = None;
    let mut filled = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ref(r) if reference.is_none() => {
                reference = Some(r.clone());
                if matches!(tokens.get(i + 1), Some(Token::Quoted(_))) {
                    i += 1;
                }
            }
            Token::Word(w) if count_word(w).is_some() && times.is_none() => times = count_word(w),
            Token::Number(n) if times.is_none() => {
                times = n.parse().ok();
                // "3-mal", "3 mal"
                if matches!(tokens.get(i + 1), Some(Token::Word(w)) if w == "mal" || w == "-mal") {
                    i += 1;
                }
            }
            Token::Word(w) if FILLED.contains(&w.as_str()) => filled = true,
            Token::Word(w)
                if ["kann", "bis", "bist", "zu", "maximal", "höchstens", "mal"]
                    .contains(&w.as_str()) => {}
            Token::Other('-') | Token::Comma => {}
            token if is_filler(token) => {}
            _ => return Err(unknown(tokens)),
        }
        i += 1;
    }
    match (reference, times, filled) {
        (Some(r), Some(n), true) if n > 0 => Ok(Sentence::UpTo(r, n)),
        _ => Err(unknown(tokens)),
    }
}

fn count_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "einmal",
        "zweimal",
        "dreimal",
        "viermal",
        "fünfmal",
        "sechsmal",
        "siebenmal",
        "achtmal",
        "neunmal",
        "zehnmal",
        "elfmal",
        "zwölfmal",
    ];
    WORDS.iter().position(|w| *w == word).map(|i| i as u32 + 1)
}

/// (Dabei) darf (aber) jeder Eintrag (nur) (maximal) einmal ausgewählt werden.
fn each_once(tokens: &[Token]) -> Result<Sentence, Unreadable> {
    let allowed = [
        "dabei",
        "darf",
        "aber",
        "jeder",
        "eintrag",
        "wert",
        "nur",
        "maximal",
        "höchstens",
        "einmal",
        "ausgewählt",
        "gewählt",
        "angegeben",
    ];
    let fits = tokens.iter().all(|t| match t {
        Token::Word(w) => allowed.contains(&w.as_str()) || FILLER.contains(&w.as_str()),
        Token::Comma => true,
        _ => false,
    });
    if fits {
        Ok(Sentence::EachOnce)
    } else {
        Err(unknown(tokens))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(path: &str) -> Ref {
        Ref {
            path: path.split('.').map(str::to_string).collect(),
        }
    }

    fn eq(path: &str, literal: Literal) -> Cond {
        Cond::Equals(r(path), literal)
    }

    fn not(cond: Cond) -> Cond {
        Cond::Not(Box::new(cond))
    }

    fn code(c: &str) -> Literal {
        Literal::Code(c.into())
    }

    #[test]
    fn a_pair_of_conditions_on_codes() {
        let got = read("Wenn das Feld F00002514 \"Zulassung (Asbestanzeige)\" = 01 \"liegt vor\", dann muss das Feld F00002517 \"Nachweis Zulassung\" befüllt sein.\r\nWenn das Feld F00002514 \"Zulassung (Asbestanzeige)\" <> 01 \"liegt vor\", dann darf das Feld F00002517 \"Nachweis Zulassung\" nicht befüllt sein.").expect("reads");
        assert_eq!(
            got,
            [
                Sentence::If {
                    cond: eq("F00002514", code("01")),
                    targets: vec![r("F00002517")],
                    effect: Effect::Must
                },
                Sentence::If {
                    cond: not(eq("F00002514", code("01"))),
                    targets: vec![r("F00002517")],
                    effect: Effect::MustNot
                },
            ]
        );
    }

    #[test]
    fn alternatives_of_one_field_and_paths() {
        let got = read("Wenn das Feld G00000001.F00000002 \"Art\" = 003 \"Kauf\" ODER = 005 \"Miete\", dann muss die Datenfeldgruppe G00000003 \"Vertrag\" befüllt sein").expect("reads");
        assert_eq!(
            got,
            [Sentence::If {
                cond: Cond::Or(vec![
                    eq("G00000001.F00000002", code("003")),
                    eq("G00000001.F00000002", code("005"))
                ]),
                targets: vec![r("G00000003")],
                effect: Effect::Must
            }]
        );
    }

    #[test]
    fn other_editors_phrasings() {
        // Quotes of any kind, no "dann", "der Wert … angegeben wurde", "zum Pflichtfeld".
        let got = read("Wenn im Feld F12345678 „Anrede“ der Wert 003 angegeben wurde, dann soll das Feld F12345679 „Titel“ zum Pflichtfeld werden").expect("reads");
        assert_eq!(
            got,
            [Sentence::If {
                cond: eq("F12345678", code("003")),
                targets: vec![r("F12345679")],
                effect: Effect::Must
            }]
        );
        let got = read(
            "Wenn F00000001 \"Tag\" nicht leer, dann darf F00000002 \"Monat\" nicht leer sein.",
        )
        .expect("reads");
        assert_eq!(
            got,
            [Sentence::If {
                cond: Cond::Filled(r("F00000001")),
                targets: vec![r("F00000002")],
                effect: Effect::Must
            }]
        );
        let got = read("Wenn die Feldgruppe G00001378 \"Anzeige\" befüllt ist, ODER die Feldgruppe G00001386 \"Objekt\"  befüllt ist, dann muss G00001403 befüllt werden").expect("reads");
        assert_eq!(
            got,
            [Sentence::If {
                cond: Cond::Or(vec![
                    Cond::Filled(r("G00001378")),
                    Cond::Filled(r("G00001386"))
                ]),
                targets: vec![r("G00001403")],
                effect: Effect::Must
            }]
        );
    }

    #[test]
    fn lists_and_counts() {
        assert_eq!(
            read("Es muss mindestens eines der Felder F00000069 \"Telefon\", F00000072 \"Telefax\" oder F00000071 \"E-Mail\" befüllt sein.").expect("reads"),
            [Sentence::AtLeastOne(vec![r("F00000069"), r("F00000072"), r("F00000071")])]
        );
        // A typo the real schemas have ("mindestes").
        assert_eq!(
            read("Es muss mindestes eines der Felder F00002519 \"Einweg\" und F00002520 \"Mehrweg\" befüllt sein.").expect("reads"),
            [Sentence::AtLeastOne(vec![r("F00002519"), r("F00002520")])]
        );
        assert_eq!(
            read("Es muss entweder die die Feldgruppe G00000237 \"Inland\" oder die Feldgruppe G00000046 \"Ausland\" befüllt werden.").expect("reads"),
            [Sentence::EitherOr(vec![r("G00000237"), r("G00000046")])]
        );
        assert_eq!(
            read("Das Feld F00002529 \"Einrichtungen\" kann bist zu achtmal ausgefüllt werden. Dabei darf aber jeder Eintrag nur maximal einmal ausgewählt werden.").expect("reads"),
            [Sentence::UpTo(r("F00002529"), 8), Sentence::EachOnce]
        );
        assert_eq!(
            read("Das Feld F00002508 \"Maßnahmen\" kann bis zu dreimal ausgefüllt werden, dabei darf aber jeder Eintrag nur maximal einmal ausgewählt werden.").expect("reads"),
            [Sentence::UpTo(r("F00002508"), 3), Sentence::EachOnce]
        );
    }

    #[test]
    fn a_label_missing_its_opening_quote() {
        let got = read("Wenn das Feld F00002365 Abbruch/ Entfernen von Asbestprodukten\" = \"wahr\", dann darf die Feldgruppe G00001378 \"Anzeige\" nicht befüllt sein.").expect("reads");
        assert_eq!(
            got,
            [Sentence::If {
                cond: eq("F00002365", Literal::Bool(true)),
                targets: vec![r("G00001378")],
                effect: Effect::MustNot
            }]
        );
    }

    #[test]
    fn what_is_not_read_says_why() {
        let reason = |text: &str| read(text).expect_err("unreadable").de;
        assert!(reason("Wenn (aktuelles Datum - F00000539 \"Beginn\") < 7 Tage muss das Feld F00002543 befüllt sein.").contains("Datum"));
        assert!(reason("Wenn F00000001 = \"wahr\" UND F00000002 = \"wahr\" ODER F00000003 = \"wahr\", dann muss F00000004 befüllt sein.").contains("UND und ODER"));
        assert!(reason("Wenn mindestens ein Feld der Feldgruppe G00000001 = \"wahr\", dann muss G00000002 befüllt sein.").contains("nicht bekannt"));
        assert!(
            reason("Die Summe von F00000001 und F00000002 ergibt F00000003.")
                .contains("nicht bekannt")
        );
        assert!(reason("").contains("keinen Text"));
        // A rule read in part is not read: the second sentence here is unknown.
        assert!(read(
            "Wenn F00000001 = \"wahr\", dann muss F00000002 befüllt sein. Sonst gilt F00000003."
        )
        .is_err());
    }
}
