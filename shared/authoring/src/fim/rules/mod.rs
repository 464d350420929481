//! Applying FIM rules to the imported form: each rule read by [`phrase`] becomes
//! conditions, requirements and checks, but only when its reading is complete and every
//! element it names is in the form exactly once; otherwise it stays a note with the
//! reason. Every rule ends up in one of three lists of the report: applied, applied with
//! a guess, not applied.

use std::collections::HashSet;

mod plan;
mod tree;

use plan::plan;
use tree::Tree;

use super::phrase::{self, Sentence};
use super::read::FimRule;
use super::script;
use super::{ReportItem, ReportKind};
use crate::problem::Severity;
use engine::format::{Form, SubmissionSettings};
use engine::text::{Lang, Text};

/// A rule and the element that carries it (`None`: the schema itself).
#[derive(Debug, Clone)]
pub struct OwnedRule {
    pub owner: Option<String>,
    /// How the report names the owner: `G00000277 (Kommunikation)`.
    pub owner_label: String,
    pub rule: FimRule,
}

/// Rounds of refusing rules whose conditions the core refuses.
const MAX_ROUNDS: usize = 8;
/// Truth tables larger than this are not built.
const MAX_CASES: usize = 4096;
/// "A group is filled" is spelled out over at most this many fields.
const MAX_GROUP_FIELDS: usize = 8;

/// Applies the rules to `form` and reports each once.
pub fn apply(form: &mut Form, rules: &[OwnedRule]) -> Vec<ReportItem> {
    let original = form.clone();
    let mut refused: Vec<(String, Text)> = Vec::new();
    // Conditions the core itself refuses (a type it cannot compare, a cycle) make their
    // rule not applied; the rest is applied again without them. Each round refuses at
    // least one more rule; a few rounds settle any real schema.
    for _ in 0..MAX_ROUNDS {
        *form = original.clone();
        let items = apply_all(form, rules, &refused);
        let broken = broken_rules(form, rules);
        if broken.is_empty() {
            return items;
        }
        refused.extend(broken);
    }
    let unsettled = Text::new(
        "Die Bedingungen der Regeln ließen sich nicht zusammen prüfen.",
        "The rules' conditions could not be checked together.",
    );
    let all: Vec<(String, Text)> = rules
        .iter()
        .map(|r| (r.rule.id.clone(), unsettled.clone()))
        .collect();
    *form = original;
    apply_all(form, rules, &all)
}

fn apply_all(form: &mut Form, rules: &[OwnedRule], refused: &[(String, Text)]) -> Vec<ReportItem> {
    let mut items = Vec::new();
    let mut done: HashSet<(Option<String>, String)> = HashSet::new();
    for owned in rules {
        if !done.insert((owned.owner.clone(), owned.rule.id.clone())) {
            continue;
        }
        let report = |kind: ReportKind, message: Text| ReportItem {
            fim_id: owned.rule.id.clone(),
            kind,
            message,
        };
        if let Some((_, reason)) = refused.iter().find(|(id, _)| *id == owned.rule.id) {
            not_applied(form, owned, reason);
            items.push(report(
                ReportKind::RuleNotApplied,
                not_applied_message(owned, reason),
            ));
            continue;
        }
        let outcome = match owned.rule.kind.as_deref() {
            Some("B") => Err(Text::new(
                "Eine Berechnungsregel: bitte als berechnetes Feld anlegen.",
                "A calculation rule: please add it as a computed field.",
            )),
            _ => match phrase::read(&owned.rule.text) {
                Ok(sentences) => apply_everywhere(form, owned, &sentences, None),
                // The prose unread, its script (XDatenfelder 3) may say it.
                Err(prose) => match owned.rule.script.as_deref().map(script::read) {
                    Some(Ok(sentences)) => {
                        apply_everywhere(form, owned, &sentences, Some(script_guess()))
                    }
                    Some(Err(why)) => Err(Text::new(
                        format!("{} {}", prose.de, why.de),
                        format!("{} {}", prose.get(Lang::En), why.get(Lang::En)),
                    )),
                    None => Err(prose),
                },
            },
        };
        match outcome {
            Ok(applied) => {
                let kind = if applied.guesses.is_empty() {
                    ReportKind::RuleApplied
                } else {
                    ReportKind::RuleGuessed
                };
                items.push(report(kind, applied_message(owned, &applied)));
            }
            Err(reason) => {
                let reason = with_script_hint(&owned.rule, reason);
                not_applied(form, owned, &reason);
                items.push(report(
                    ReportKind::RuleNotApplied,
                    not_applied_message(owned, &reason),
                ));
            }
        }
    }
    items
}

/// What is guessed when a rule is read from its script: the script is written for
/// machines, but FIM's scripts have not been seen in a real schema yet.
fn script_guess() -> Text {
    Text::new(
        "die Regel wurde aus ihrem Skript gelesen, als Bedingung, die gelten muss (das Skript als JavaScript nicht ausgeführt)",
        "the rule was read from its script, as a condition that must hold (the script not run as JavaScript)",
    )
}

/// A script the rule carries (XDatenfelder 3) and not read is shown with the reason, for
/// the person writing the condition: scripts are JavaScript, and forms never run it.
fn with_script_hint(rule: &FimRule, reason: Text) -> Text {
    const SHOWN: usize = 400;
    match &rule.script {
        Some(script) => {
            let mut shown: String = script.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some((cut, _)) = shown.char_indices().nth(SHOWN) {
                shown.truncate(cut);
                shown.push('…');
            }
            Text::new(
                format!(
                    "{} Das Skript der Regel wird nicht ausgeführt (Formulare führen kein JavaScript aus); zum Übertragen: `{shown}`.",
                    reason.de
                ),
                format!(
                    "{} The rule's script is not run (forms never run JavaScript); to carry over: `{shown}`.",
                    reason.get(Lang::En)
                ),
            )
        }
        None => reason,
    }
}

/// What applying one rule did, for the report and the notes.
#[derive(Default)]
struct Applied {
    /// What changed, e.g. "„Nachweis“ erscheint nur, wenn `zulassung == "01"`".
    changes: Vec<Text>,
    guesses: Vec<Text>,
}

/// Applies the rule at every place its owner occurs (a group used three times gets it
/// three times); all or nothing. `guess`: what reading it took besides the plan's.
fn apply_everywhere(
    form: &mut Form,
    owned: &OwnedRule,
    sentences: &[Sentence],
    guess: Option<Text>,
) -> Result<Applied, Text> {
    let count = match &owned.owner {
        None => 1,
        Some(id) => Tree::of(form).with_fim(id).len(),
    };
    if count == 0 {
        return Err(Text::new(
            "Das Element, an dem die Regel steht, fehlt im Formular.",
            "The element carrying the rule is not in the form.",
        ));
    }
    let rule = &owned.rule;
    let mut work = form.clone();
    let mut applied = Applied::default();
    for instance in 0..count {
        // Planned again at each place: an inserted question shifts the places after it.
        let tree = Tree::of(&work);
        let scope = owned.owner.as_ref().map(|id| tree.with_fim(id)[instance]);
        let mut plan = plan(&work, &tree, scope, sentences)?;
        plan.guesses.extend(guess.clone());
        let guessed: String = plan
            .guesses
            .iter()
            .map(|g| format!(" Angenommen: {}.", g.de))
            .collect();
        for edit in &plan.edits {
            let note = format!(
                "FIM-Regel {} {} „{}“ übernommen: {}.{guessed} Bitte prüfen. Regeltext: {}",
                rule.id,
                rule.version,
                rule.name,
                edit.change().de,
                rule.text
            );
            let element = edit.apply(&mut work, &tree);
            if !element.notes.contains(&note) {
                element.notes.push(note);
            }
        }
        for change in plan.changes {
            if !applied.changes.contains(&change) {
                applied.changes.push(change);
            }
        }
        for guess in plan.guesses {
            if !applied.guesses.contains(&guess) {
                applied.guesses.push(guess);
            }
        }
    }
    *form = work;
    Ok(applied)
}

fn applied_message(owned: &OwnedRule, applied: &Applied) -> Text {
    let join = |lang: Lang, texts: &[Text]| {
        texts
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let rule = &owned.rule;
    let (mut de, mut en) = (
        format!(
            "Regel „{}“ an {}: {}.",
            rule.name,
            owned.owner_label,
            join(Lang::De, &applied.changes)
        ),
        format!(
            "Rule \"{}\" on {}: {}.",
            rule.name,
            owned.owner_label,
            join(Lang::En, &applied.changes)
        ),
    );
    if !applied.guesses.is_empty() {
        de.push_str(&format!(
            " Angenommen: {}.",
            join(Lang::De, &applied.guesses)
        ));
        en.push_str(&format!(" Guessed: {}.", join(Lang::En, &applied.guesses)));
    }
    de.push_str(&format!(" Regeltext: {}", rule.text));
    en.push_str(&format!(" Rule text: {}", rule.text));
    Text::new(de, en)
}

fn not_applied_message(owned: &OwnedRule, reason: &Text) -> Text {
    let rule = &owned.rule;
    Text::new(
        format!(
            "Regel „{}“ an {}: {} Regeltext: {}",
            rule.name, owned.owner_label, reason.de, rule.text
        ),
        format!(
            "Rule \"{}\" on {}: {} Rule text: {}",
            rule.name,
            owned.owner_label,
            reason.get(Lang::En),
            rule.text
        ),
    )
}

/// The note of a rule left for a person: on its owner at every place, or for a rule of
/// the schema on the elements it names (else the form's first element).
fn not_applied(form: &mut Form, owned: &OwnedRule, reason: &Text) {
    let rule = &owned.rule;
    let text = if rule.text.is_empty() {
        &rule.name
    } else {
        &rule.text
    };
    let note = format!(
        "FIM-Regel {} {} „{}“ (braucht eine Bedingung von Hand; {}): {text}",
        rule.id,
        rule.version,
        rule.name,
        reason.de.trim_end_matches('.')
    );
    let tree = Tree::of(form);
    let mut places: Vec<usize> = match &owned.owner {
        Some(id) => tree.with_fim(id),
        None => mentioned_ids(&rule.text)
            .iter()
            .filter_map(|id| tree.with_fim(id).first().copied())
            .collect(),
    };
    if places.is_empty() && owned.owner.is_none() && !tree.top.is_empty() {
        places.push(tree.top[0]);
    }
    for place in places {
        let element = tree.element_mut(form, place);
        if !element.notes.contains(&note) {
            element.notes.push(note.clone());
        }
    }
}

/// FIM ids named in a rule's prose: `F00002364`, `G00001377.F00002372`.
pub fn mentioned_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let is_id = word.len() >= 6
            && (word.starts_with('F') || word.starts_with('G'))
            && word[1..].bytes().all(|b| b.is_ascii_digit());
        if is_id && !ids.iter().any(|i| i == word) {
            ids.push(word.to_string());
        }
    }
    ids
}

/// Rules whose conditions the core refuses: errors of the lint at a condition of an
/// element that carries the rule's note.
fn broken_rules(form: &Form, rules: &[OwnedRule]) -> Vec<(String, Text)> {
    let mut checked = form.clone();
    if checked.submission.is_none() {
        checked.submission = Some(SubmissionSettings {
            endpoint: Some("/".into()),
        });
    }
    let tree = Tree::of(&checked);
    let mut broken: Vec<(String, Text)> = Vec::new();
    for problem in crate::lint::lint(&checked) {
        let condition = matches!(
            problem.location.property.as_deref(),
            Some("visible_if" | "required_if")
        );
        if problem.severity != Severity::Error || !condition {
            continue;
        }
        let Some(step) = problem.location.step else {
            continue;
        };
        let Some(node) = tree.at(step, &problem.location.elements) else {
            continue;
        };
        let element = tree.element(&checked, node);
        for owned in rules {
            let marker = format!("FIM-Regel {} ", owned.rule.id);
            let carries = element.notes.iter().any(|n| n.starts_with(&marker));
            if carries && !broken.iter().any(|(id, _)| *id == owned.rule.id) {
                broken.push((
                    owned.rule.id.clone(),
                    Text::new(
                        format!(
                            "Die gelesene Bedingung passt nicht zum Formular: {}",
                            problem.message.de
                        ),
                        format!(
                            "The condition read does not fit the form: {}",
                            problem.message.get(Lang::En)
                        ),
                    ),
                ));
            }
        }
    }
    broken
}

/// A string literal in the expression language.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
