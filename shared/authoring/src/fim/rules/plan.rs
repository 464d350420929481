//! Planning: what a rule's sentences do to the form at one place, as edits; the
//! conditions written in the expression language, as the core will resolve them.

use std::collections::HashSet;

use super::tree::Tree;
use super::{quote, MAX_CASES, MAX_GROUP_FIELDS};
use crate::fim::phrase::{Cond, Effect, Literal, Ref, Sentence};
use crate::keys::Keys;
use engine::format::{Check, ChoiceDisplay, ChoiceOption, Element, Form, Kind, Rule};
use engine::text::Text;

#[derive(Default)]
pub(super) struct Plan {
    pub(super) edits: Vec<Edit>,
    /// What changed, for the report (also for rules that needed no edit).
    pub(super) changes: Vec<Text>,
    pub(super) guesses: Vec<Text>,
}

pub(super) enum Edit {
    /// The element is shown only while `expr` holds; `require`: and must then be filled.
    Show {
        node: usize,
        expr: String,
        require: bool,
        change: Text,
    },
    RequireIf {
        node: usize,
        expr: String,
        message: Option<Text>,
        change: Text,
    },
    MaxChoices {
        node: usize,
        max: u32,
        change: Text,
    },
    /// A question inserted before `before`.
    Ask {
        before: usize,
        question: Box<Element>,
        change: Text,
    },
}

impl Edit {
    pub(super) fn change(&self) -> &Text {
        match self {
            Edit::Show { change, .. }
            | Edit::RequireIf { change, .. }
            | Edit::MaxChoices { change, .. }
            | Edit::Ask { change, .. } => change,
        }
    }

    /// Carries the edit out and returns the element that shows it.
    pub(super) fn apply<'f>(&self, form: &'f mut Form, tree: &Tree) -> &'f mut Element {
        match self {
            Edit::Show {
                node,
                expr,
                require,
                ..
            } => {
                let element = tree.element_mut(form, *node);
                element.visible_if = Some(expr.clone());
                if *require {
                    match &mut element.kind {
                        Kind::Repeat {
                            elements,
                            max: Some(1),
                            ..
                        } => {
                            let elements = std::mem::take(elements);
                            element.kind = Kind::Group { elements };
                        }
                        Kind::Repeat { min, .. } => *min = (*min).max(1),
                        Kind::Group { .. } => {}
                        _ => element.required = true,
                    }
                }
                element
            }
            Edit::RequireIf {
                node,
                expr,
                message,
                ..
            } => {
                let element = tree.element_mut(form, *node);
                element.required_if = Some(expr.clone());
                if let Some(message) = message {
                    element.messages.retain(|(code, _)| code != "required");
                    element.messages.push(("required".into(), message.clone()));
                }
                element
            }
            Edit::MaxChoices { node, max, .. } => {
                let element = tree.element_mut(form, *node);
                element.rules.push(Rule {
                    check: Check::MaxLength { value: *max },
                    message: None,
                });
                element
            }
            Edit::Ask {
                before, question, ..
            } => {
                let place = &tree.nodes[*before];
                let index = *place.indices.last().unwrap_or(&0);
                match place.parent {
                    Some(parent) => match &mut tree.element_mut(form, parent).kind {
                        Kind::Group { elements } | Kind::Repeat { elements, .. } => {
                            elements.insert(index, (**question).clone())
                        }
                        _ => unreachable!("a parent holds elements"),
                    },
                    None => form.steps[place.step]
                        .elements
                        .insert(index, (**question).clone()),
                }
                // The question now stands where `before` stood.
                tree.element_mut(form, *before)
            }
        }
    }
}

/// A condition with the elements it names found in the form.
#[derive(Debug, Clone)]
enum Resolved {
    Is(usize, Val),
    Filled(usize),
    Not(Box<Resolved>),
    All(Vec<Resolved>),
    Any(Vec<Resolved>),
}

/// A value an element can hold, as far as a rule tells values apart.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Bool(bool),
    Text(String),
    /// A number field's value.
    Number(String),
    Other,
    Empty,
}

struct Ctx<'a> {
    form: &'a Form,
    tree: &'a Tree,
    /// The element carrying the rule; `None` for the schema.
    scope: Option<usize>,
}

#[derive(Default)]
struct Effects {
    must: Vec<Resolved>,
    must_not: Vec<Resolved>,
    may: Vec<Resolved>,
    need_not: Vec<Resolved>,
}

pub(super) fn plan(
    form: &Form,
    tree: &Tree,
    scope: Option<usize>,
    sentences: &[Sentence],
) -> Result<Plan, Text> {
    let ctx = Ctx { form, tree, scope };
    let mut plan = Plan::default();
    let mut targets: Vec<(usize, Effects)> = Vec::new();
    for sentence in sentences {
        match sentence {
            Sentence::If {
                cond,
                targets: refs,
                effect,
            } => {
                let cond = ctx.resolve(cond)?;
                for reference in refs {
                    let target = ctx.find(reference)?;
                    let index = match targets.iter().position(|(t, _)| *t == target) {
                        Some(index) => index,
                        None => {
                            targets.push((target, Effects::default()));
                            targets.len() - 1
                        }
                    };
                    let effects = &mut targets[index].1;
                    match effect {
                        Effect::Must => effects.must.push(cond.clone()),
                        Effect::MustNot => effects.must_not.push(cond.clone()),
                        Effect::May => effects.may.push(cond.clone()),
                        Effect::NeedNot => effects.need_not.push(cond.clone()),
                    }
                }
            }
            Sentence::AtLeastOne(refs) => ctx.at_least_one(refs, &mut plan)?,
            Sentence::EitherOr(refs) => ctx.either_or(refs, &mut plan)?,
            Sentence::UpTo(reference, max) => ctx.up_to(reference, *max, &mut plan)?,
            Sentence::EachOnce => {
                if !sentences.iter().any(|s| matches!(s, Sentence::UpTo(..))) {
                    return Err(Text::new(
                        "„Jeder Eintrag nur einmal“ nennt kein Feld.",
                        "\"Each entry only once\" names no field.",
                    ));
                }
            }
        }
    }
    for (target, effects) in targets {
        ctx.conditional(target, effects, &mut plan)?;
    }
    for edit in &plan.edits {
        if !plan.changes.contains(edit.change()) {
            plan.changes.push(edit.change().clone());
        }
    }
    // Insertions last, the later place first, so earlier places stay where they are.
    plan.edits.sort_by_key(|edit| match edit {
        Edit::Ask { before, .. } => (
            1,
            std::cmp::Reverse((
                tree.nodes[*before].step,
                tree.nodes[*before].indices.clone(),
            )),
        ),
        _ => (0, std::cmp::Reverse((0, Vec::new()))),
    });
    Ok(plan)
}

impl Ctx<'_> {
    fn element(&self, node: usize) -> &Element {
        self.tree.element(self.form, node)
    }

    fn label(&self, node: usize) -> String {
        let element = self.element(node);
        if element.label.de.trim().is_empty() {
            element.key.clone()
        } else {
            element.label.de.trim().to_string()
        }
    }

    /// The one element `reference` names, looked for inside the rule's owner first, then
    /// in ever wider groups around it.
    fn find(&self, reference: &Ref) -> Result<usize, Text> {
        let tree = self.tree;
        let (groups, id) = reference
            .path
            .split_at(reference.path.len().saturating_sub(1));
        let id = id.first().map_or("", String::as_str);
        let fits = |node: usize| {
            if tree.fim_of(node) != Some(id) {
                return false;
            }
            // The groups of the path, outermost first, are ancestors in that order.
            let mut above: Vec<&str> = tree
                .ancestors(node)
                .filter_map(|a| tree.fim_of(a))
                .collect();
            above.reverse();
            let mut wanted = groups.iter().peekable();
            for fim in above {
                if wanted.peek().is_some_and(|g| g.as_str() == fim) {
                    wanted.next();
                }
            }
            wanted.peek().is_none()
        };
        let mut scope = self.scope;
        loop {
            let found: Vec<usize> = (0..tree.nodes.len())
                .filter(|&n| scope.is_none_or(|s| tree.in_subtree(n, s)) && fits(n))
                .collect();
            match found.as_slice() {
                [one] => return Ok(*one),
                [] => match scope {
                    Some(s) => scope = tree.nodes[s].parent,
                    None => {
                        return Err(Text::new(
                            format!("{} ist nicht im Formular.", reference.display()),
                            format!("{} is not in the form.", reference.display()),
                        ))
                    }
                },
                _ => {
                    return Err(Text::new(
                        format!(
                        "{} steht mehrfach im Formular; welches gemeint ist, ist nicht eindeutig.",
                        reference.display()
                    ),
                        format!(
                            "{} occurs several times in the form; which one is meant is ambiguous.",
                            reference.display()
                        ),
                    ))
                }
            }
        }
    }

    fn resolve(&self, cond: &Cond) -> Result<Resolved, Text> {
        Ok(match cond {
            Cond::Equals(reference, literal) => {
                let node = self.find(reference)?;
                Resolved::Is(node, self.value(node, literal)?)
            }
            Cond::Filled(reference) => {
                let node = self.find(reference)?;
                if matches!(
                    self.element(node).kind,
                    Kind::Computed { .. } | Kind::Content { .. }
                ) {
                    return Err(Text::new(
                        format!("„{}“ ist kein Eingabefeld.", self.label(node)),
                        format!("\"{}\" is not an input.", self.label(node)),
                    ));
                }
                Resolved::Filled(node)
            }
            Cond::Not(inner) => Resolved::Not(Box::new(self.resolve(inner)?)),
            Cond::And(all) => Resolved::All(
                all.iter()
                    .map(|c| self.resolve(c))
                    .collect::<Result<_, _>>()?,
            ),
            Cond::Or(any) => Resolved::Any(
                any.iter()
                    .map(|c| self.resolve(c))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// The value `literal` means for this element: an option's value, yes or no, a text.
    fn value(&self, node: usize, literal: &Literal) -> Result<Val, Text> {
        let element = self.element(node);
        let label = self.label(node);
        let shown = match literal {
            Literal::Bool(b) => if *b { "wahr" } else { "falsch" }.to_string(),
            Literal::Code(c) | Literal::Text(c) => c.clone(),
        };
        let mismatch = || {
            Text::new(
                format!("„{label}“ kann nicht den Wert „{shown}“ haben."),
                format!("\"{label}\" cannot have the value \"{shown}\"."),
            )
        };
        match (&element.kind, literal) {
            (Kind::YesNo | Kind::Checkbox, Literal::Bool(b)) => Ok(Val::Bool(*b)),
            (
                Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options },
                Literal::Code(c) | Literal::Text(c),
            ) => option_value(options, c).map(Val::Text).ok_or_else(mismatch),
            (
                Kind::Text
                | Kind::MultilineText
                | Kind::Email
                | Kind::Phone
                | Kind::PostalCode
                | Kind::Iban,
                Literal::Code(c) | Literal::Text(c),
            ) => Ok(Val::Text(c.clone())),
            (Kind::Integer | Kind::Decimal, Literal::Code(c)) => {
                // Digits as a number literal: 007 is 7.
                c.parse::<u64>()
                    .map(|n| Val::Number(n.to_string()))
                    .map_err(|_| mismatch())
            }
            _ => Err(mismatch()),
        }
    }

    /// How the expression at `from` names `to`: the shortest path the core resolves to it.
    fn path(&self, from: usize, to: usize) -> Result<String, Text> {
        let tree = self.tree;
        let crossed = tree
            .ancestors(to)
            .any(|a| tree.nodes[a].repeat && !tree.in_subtree(from, a));
        if crossed {
            return Err(Text::new(
                format!("„{}“ steht in einer Gruppe, die man mehrfach ausfüllen kann; die Bedingung wäre nicht eindeutig.", self.label(to)),
                format!("\"{}\" is in a group filled in several times; the condition would be ambiguous.", self.label(to)),
            ));
        }
        let mut chain = vec![to];
        loop {
            let keys: Vec<&str> = chain
                .iter()
                .rev()
                .map(|&n| tree.nodes[n].key.as_str())
                .collect();
            if self.tree.lookup(from, &keys) == Some(to) {
                return Ok(keys.join("."));
            }
            match tree.nodes[*chain.last().unwrap_or(&to)].parent {
                Some(parent) => chain.push(parent),
                None => break,
            }
        }
        Err(Text::new(
            format!(
                "„{}“ lässt sich von „{}“ aus nicht eindeutig benennen.",
                self.label(to),
                self.label(from)
            ),
            format!(
                "\"{}\" cannot be named unambiguously from \"{}\".",
                self.label(to),
                self.label(from)
            ),
        ))
    }

    /// The condition in the expression language, as seen from `from`.
    fn expr(&self, cond: &Resolved, from: usize) -> Result<String, Text> {
        let wrap = |c: &Resolved| -> Result<String, Text> {
            let inner = self.expr(c, from)?;
            Ok(match c {
                Resolved::All(_) | Resolved::Any(_) => format!("({inner})"),
                _ => inner,
            })
        };
        Ok(match cond {
            Resolved::Is(node, value) => {
                let path = self.path(from, *node)?;
                let value = match value {
                    Val::Bool(b) => b.to_string(),
                    Val::Text(t) => quote(t),
                    Val::Number(n) => n.clone(),
                    Val::Other | Val::Empty => unreachable!("rules name values"),
                };
                match self.element(*node).kind {
                    Kind::MultipleChoice { .. } => format!("contains({path}, {value})"),
                    _ => format!("{path} == {value}"),
                }
            }
            Resolved::Filled(node) => match &self.element(*node).kind {
                Kind::Repeat { .. } => format!("count({}) > 0", self.path(from, *node)?),
                Kind::Group { .. } => {
                    let fields = self.fields_of(*node);
                    if fields.is_empty() || fields.len() > MAX_GROUP_FIELDS {
                        return Err(Text::new(
                            format!("Ob die Gruppe „{}“ ausgefüllt ist, lässt sich bei {} Feldern nicht übersichtlich prüfen.", self.label(*node), fields.len()),
                            format!("Whether the group \"{}\" is filled cannot be checked readably over {} fields.", self.label(*node), fields.len()),
                        ));
                    }
                    let parts = fields
                        .iter()
                        .map(|&f| self.expr(&Resolved::Filled(f), from))
                        .collect::<Result<Vec<_>, _>>()?;
                    format!("({})", parts.join(" or "))
                }
                Kind::Checkbox => format!("{} == true", self.path(from, *node)?),
                _ => format!("not empty({})", self.path(from, *node)?),
            },
            Resolved::Not(inner) => match inner.as_ref() {
                Resolved::Filled(node)
                    if !matches!(
                        self.element(*node).kind,
                        Kind::Group { .. } | Kind::Checkbox | Kind::Repeat { .. }
                    ) =>
                {
                    format!("empty({})", self.path(from, *node)?)
                }
                Resolved::Filled(node)
                    if matches!(self.element(*node).kind, Kind::Repeat { .. }) =>
                {
                    format!("count({}) == 0", self.path(from, *node)?)
                }
                other => format!("not ({})", self.expr(other, from)?),
            },
            Resolved::All(all) => all
                .iter()
                .map(wrap)
                .collect::<Result<Vec<_>, _>>()?
                .join(" and "),
            Resolved::Any(any) => any
                .iter()
                .map(wrap)
                .collect::<Result<Vec<_>, _>>()?
                .join(" or "),
        })
    }

    /// The inputs of a group, outside repeating groups inside it.
    fn fields_of(&self, group: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &child in &self.tree.nodes[group].children {
            match self.element(child).kind {
                Kind::Group { .. } => out.extend(self.fields_of(child)),
                Kind::Repeat { .. } | Kind::Content { .. } | Kind::Computed { .. } => {}
                _ => out.push(child),
            }
        }
        out
    }

    fn conditional(&self, target: usize, effects: Effects, plan: &mut Plan) -> Result<(), Text> {
        let element = self.element(target);
        let label = self.label(target);
        if element.visible_if.is_some() || element.required_if.is_some() {
            return Err(Text::new(
                format!("„{label}“ hat schon eine Bedingung (aus einer anderen Regel); beide zusammen sind von Hand zu prüfen."),
                format!("\"{label}\" already has a condition (from another rule); both together need checking by hand."),
            ));
        }
        let any = |mut conds: Vec<Resolved>| match conds.len() {
            0 => None,
            1 => conds.pop(),
            _ => Some(Resolved::Any(conds)),
        };
        let is_group = matches!(element.kind, Kind::Group { .. } | Kind::Repeat { .. });
        let must = !effects.must.is_empty();
        let mut shown_when = effects.must.clone();
        shown_when.extend(effects.may.iter().cloned());
        match (any(shown_when), any(effects.must_not.clone())) {
            (Some(shown), Some(hidden)) => {
                match self.relation(&shown, &hidden)? {
                    Relation::Complement => {}
                    Relation::Disjoint => plan.guesses.push(Text::new(
                        format!("wo die Regel weder „muss“ noch „darf nicht“ sagt (etwa solange nichts gewählt ist), ist „{label}“ ausgeblendet"),
                        format!("where the rule says neither \"must\" nor \"must not\" (e.g. while nothing is chosen), \"{label}\" is hidden"),
                    )),
                    Relation::Overlap => {
                        return Err(Text::new(
                            format!("Die Teile der Regel widersprechen sich: „{label}“ müsste zugleich ausgefüllt und leer sein."),
                            format!("The parts of the rule contradict each other: \"{label}\" would have to be filled in and empty at once."),
                        ))
                    }
                }
                let require = must && effects.may.is_empty();
                let expr = self.expr(&shown, target)?;
                let change = if require {
                    Text::new(
                        format!("„{label}“ erscheint nur, wenn `{expr}`, und ist dann auszufüllen"),
                        format!(
                            "\"{label}\" appears only when `{expr}` and must then be filled in"
                        ),
                    )
                } else {
                    Text::new(
                        format!("„{label}“ erscheint nur, wenn `{expr}`"),
                        format!("\"{label}\" appears only when `{expr}`"),
                    )
                };
                plan.edits.push(Edit::Show {
                    node: target,
                    expr,
                    require,
                    change,
                });
            }
            (Some(_), None) if must => {
                let required = any(effects.must).expect("must is not empty");
                if is_group {
                    return Err(Text::new(
                        format!("Für die Gruppe „{label}“ sagt die Regel nur, wann sie ausgefüllt sein muss, nicht wann sie erscheint."),
                        format!("For the group \"{label}\" the rule only says when it must be filled in, not when it appears."),
                    ));
                }
                if !effects.need_not.is_empty() {
                    plan.guesses.push(Text::new(
                        format!("„muss … nicht befüllt sein“ ist als „braucht nicht befüllt zu sein“ gelesen; „{label}“ bleibt sichtbar"),
                        format!("\"muss … nicht befüllt sein\" is read as \"need not be filled in\"; \"{label}\" stays visible"),
                    ));
                }
                if element.required {
                    plan.changes.push(Text::new(
                        format!("„{label}“ ist ohnehin Pflicht"),
                        format!("\"{label}\" is required anyway"),
                    ));
                } else {
                    let expr = self.expr(&required, target)?;
                    plan.edits.push(Edit::RequireIf {
                        node: target,
                        change: Text::new(
                            format!("„{label}“ ist Pflicht, wenn `{expr}`"),
                            format!("\"{label}\" is required when `{expr}`"),
                        ),
                        expr,
                        message: None,
                    });
                }
            }
            (None, Some(hidden)) => {
                let expr = self.expr(&Resolved::Not(Box::new(hidden)), target)?;
                plan.edits.push(Edit::Show {
                    node: target,
                    change: Text::new(
                        format!("„{label}“ erscheint nur, wenn `{expr}`"),
                        format!("\"{label}\" appears only when `{expr}`"),
                    ),
                    expr,
                    require: false,
                });
            }
            _ => plan.changes.push(Text::new(
                format!("„{label}“ bleibt freiwillig"),
                format!("\"{label}\" stays optional"),
            )),
        }
        Ok(())
    }

    /// Es muss mindestens eines der Felder … befüllt sein: the first is required while
    /// the others are empty, with a message naming them all.
    fn at_least_one(&self, refs: &[Ref], plan: &mut Plan) -> Result<(), Text> {
        let nodes = refs
            .iter()
            .map(|r| self.find(r))
            .collect::<Result<Vec<_>, _>>()?;
        for &node in &nodes {
            if !self.element(node).is_input() {
                return Err(Text::new(
                    format!("„{}“ ist kein Eingabefeld.", self.label(node)),
                    format!("\"{}\" is not an input.", self.label(node)),
                ));
            }
        }
        let first = nodes[0];
        let element = self.element(first);
        let labels: Vec<String> = nodes
            .iter()
            .map(|&n| format!("„{}“", self.label(n)))
            .collect();
        let (list_de, list_en) = (join_list(&labels, "oder"), join_list(&labels, "or"));
        if element.required {
            plan.changes.push(Text::new(
                format!(
                    "mindestens eines von {list_de}: „{}“ ist ohnehin Pflicht",
                    self.label(first)
                ),
                format!(
                    "at least one of {list_en}: \"{}\" is required anyway",
                    self.label(first)
                ),
            ));
            return Ok(());
        }
        if element.required_if.is_some() {
            return Err(Text::new(
                format!("„{}“ hat schon eine Pflicht-Bedingung.", self.label(first)),
                format!(
                    "\"{}\" already has a required condition.",
                    self.label(first)
                ),
            ));
        }
        let others = nodes[1..]
            .iter()
            .map(|&n| self.expr(&Resolved::Not(Box::new(Resolved::Filled(n))), first))
            .collect::<Result<Vec<_>, _>>()?;
        let expr = others.join(" and ");
        let en_labels: Vec<String> = nodes
            .iter()
            .map(|&n| format!("\"{}\"", self.label(n)))
            .collect();
        plan.edits.push(Edit::RequireIf {
            node: first,
            change: Text::new(
                format!("mindestens eines von {list_de} ist auszufüllen: „{}“ ist Pflicht, wenn `{expr}`", self.label(first)),
                format!("at least one of {list_en} must be filled in: \"{}\" is required when `{expr}`", self.label(first)),
            ),
            expr,
            message: Some(Text::new(
                format!("Bitte füllen Sie mindestens eines dieser Felder aus: {}.", join_list(&labels, "oder")),
                format!("Please fill in at least one of these fields: {}.", join_list(&en_labels, "or")),
            )),
        });
        Ok(())
    }

    /// Es muss entweder … oder … befüllt werden: a question decides which one appears.
    fn either_or(&self, refs: &[Ref], plan: &mut Plan) -> Result<(), Text> {
        let tree = self.tree;
        let named = refs
            .iter()
            .map(|r| self.find(r))
            .collect::<Result<Vec<_>, _>>()?;
        let nodes = self.side_by_side(&named).ok_or_else(|| {
            let labels: Vec<String> = named
                .iter()
                .map(|&n| format!("„{}“", self.label(n)))
                .collect();
            Text::new(
                format!(
                    "{} stehen nicht in einer Gruppe nebeneinander.",
                    join_list(&labels, "und")
                ),
                format!(
                    "{} are not side by side in one group.",
                    join_list(&labels, "and")
                ),
            )
        })?;
        for (&named, &node) in named.iter().zip(&nodes) {
            if named != node {
                plan.guesses.push(Text::new(
                    format!("„{}“ steht in „{}“; die Wahl ist zwischen den Gruppen, in denen die genannten stehen", self.label(named), self.label(node)),
                    format!("\"{}\" is inside \"{}\"; the choice is between the groups holding those named", self.label(named), self.label(node)),
                ));
            }
        }
        let parent = tree.nodes[nodes[0]].parent;
        for &node in &nodes {
            if self.element(node).visible_if.is_some() {
                return Err(Text::new(
                    format!("„{}“ hat schon eine Bedingung.", self.label(node)),
                    format!("\"{}\" already has a condition.", self.label(node)),
                ));
            }
        }
        let members = match parent {
            Some(p) => &tree.nodes[p].children,
            None => &tree.top,
        };
        let key = Keys::new(members.iter().map(|&m| tree.nodes[m].key.clone())).claim("auswahl");
        let options: Vec<ChoiceOption> = nodes
            .iter()
            .map(|&n| ChoiceOption {
                value: tree.nodes[n].key.clone(),
                label: Text::de(self.label(n)),
            })
            .collect();
        let question_de = "Welche Angaben machen Sie?";
        let mut question = Element::new(
            key.clone(),
            Kind::SingleChoice {
                options,
                display: ChoiceDisplay::Radio,
            },
            Text::new(question_de, "Which details do you give?"),
        );
        question.required = true;
        let labels: Vec<String> = nodes
            .iter()
            .map(|&n| format!("„{}“", self.label(n)))
            .collect();
        for &node in &nodes {
            let expr = format!("{key} == {}", quote(&tree.nodes[node].key));
            plan.edits.push(Edit::Show {
                node,
                change: Text::new(
                    format!(
                        "„{}“ erscheint nur, wenn `{expr}`, und ist dann auszufüllen",
                        self.label(node)
                    ),
                    format!(
                        "\"{}\" appears only when `{expr}` and must then be filled in",
                        self.label(node)
                    ),
                ),
                expr,
                require: true,
            });
        }
        let before = *nodes
            .iter()
            .min_by_key(|&&n| tree.nodes[n].indices.clone())
            .expect("two or more");
        plan.edits.push(Edit::Ask {
            before,
            question: Box::new(question),
            change: Text::new(
                format!(
                    "neue Frage „{question_de}“ (`{key}`) mit der Wahl zwischen {}",
                    join_list(&labels, "und")
                ),
                format!(
                    "new question \"Which details do you give?\" (`{key}`) choosing between {}",
                    join_list(&labels, "and")
                ),
            ),
        });
        plan.guesses.push(Text::new(
            format!("die Frage „{question_de}“ ist ergänzt, weil das Datenschema keine hat"),
            "the question \"Which details do you give?\" is added as the schema has none",
        ));
        Ok(())
    }

    /// The alternatives as siblings: each named element, or the group holding it that
    /// stands beside the others (`None` when there is no such place, or two coincide).
    fn side_by_side(&self, named: &[usize]) -> Option<Vec<usize>> {
        let tree = self.tree;
        // The innermost container holding all of them (`None`: the form).
        let holds_all = |container: Option<usize>| {
            named
                .iter()
                .all(|&n| container.is_none_or(|c| n != c && tree.in_subtree(n, c)))
        };
        let mut container = tree.nodes[named[0]].parent;
        while !holds_all(container) {
            container = container.and_then(|c| tree.nodes[c].parent);
        }
        let lifted: Vec<usize> = named
            .iter()
            .map(|&n| {
                std::iter::once(n)
                    .chain(tree.ancestors(n))
                    .find(|&a| tree.nodes[a].parent == container)
                    .expect("the container holds it")
            })
            .collect();
        let step = tree.nodes[lifted[0]].step;
        let distinct = lifted.iter().collect::<HashSet<_>>().len() == lifted.len();
        let same_step = lifted.iter().all(|&n| tree.nodes[n].step == step);
        (distinct && same_step).then_some(lifted)
    }

    /// Das Feld … kann bis zu n-mal ausgefüllt werden (jeder Eintrag einmal).
    fn up_to(&self, reference: &Ref, max: u32, plan: &mut Plan) -> Result<(), Text> {
        let node = self.find(reference)?;
        let element = self.element(node);
        let label = self.label(node);
        if !matches!(element.kind, Kind::MultipleChoice { .. }) {
            return Err(Text::new(
                format!(
                    "„{label}“ ist keine Mehrfachauswahl; „bis zu {max}“ ist von Hand umzusetzen."
                ),
                format!(
                    "\"{label}\" is not a multiple choice; \"up to {max}\" needs doing by hand."
                ),
            ));
        }
        let current = element.rules.iter().find_map(|r| match r.check {
            Check::MaxLength { value } => Some(value),
            _ => None,
        });
        match current {
            Some(value) if value == max => plan.changes.push(Text::new(
                format!("„{label}“ ist eine Mehrfachauswahl mit höchstens {max} Einträgen, jeder einmal (schon so)"),
                format!("\"{label}\" is a multiple choice of at most {max} entries, each once (already so)"),
            )),
            Some(value) => {
                return Err(Text::new(
                    format!("Das Datenschema erlaubt bei „{label}“ {value} Einträge, die Regel {max}."),
                    format!("The schema allows {value} entries at \"{label}\", the rule {max}."),
                ))
            }
            None => plan.edits.push(Edit::MaxChoices {
                node,
                max,
                change: Text::new(
                    format!("„{label}“: höchstens {max} Einträge, jeder einmal"),
                    format!("\"{label}\": at most {max} entries, each once"),
                ),
            }),
        }
        Ok(())
    }

    /// How two conditions relate, over every combination of the values they test.
    fn relation(&self, a: &Resolved, b: &Resolved) -> Result<Relation, Text> {
        let mut vars: Vec<(Var, Vec<Val>)> = Vec::new();
        self.collect_vars(a, &mut vars);
        self.collect_vars(b, &mut vars);
        let cases = vars
            .iter()
            .try_fold(1usize, |n, (_, domain)| n.checked_mul(domain.len()))
            .filter(|&n| n <= MAX_CASES)
            .ok_or_else(|| {
                Text::new(
                    "Die Regel nennt zu viele Felder, um ihre Teile gegeneinander zu prüfen.",
                    "The rule names too many fields to check its parts against each other.",
                )
            })?;
        let (mut complement, mut disjoint) = (true, true);
        let mut choice = vec![0usize; vars.len()];
        for _ in 0..cases {
            let (x, y) = (self.holds(a, &vars, &choice), self.holds(b, &vars, &choice));
            complement &= x != y;
            disjoint &= !(x && y);
            // Next combination, counting in mixed radix.
            for (i, digit) in choice.iter_mut().enumerate() {
                *digit += 1;
                if *digit < vars[i].1.len() {
                    break;
                }
                *digit = 0;
            }
        }
        Ok(if complement {
            Relation::Complement
        } else if disjoint {
            Relation::Disjoint
        } else {
            Relation::Overlap
        })
    }

    fn collect_vars(&self, cond: &Resolved, vars: &mut Vec<(Var, Vec<Val>)>) {
        let mut add = |var: Var, domain: Vec<Val>| match vars.iter_mut().find(|(v, _)| *v == var) {
            Some((_, known)) => {
                for value in domain {
                    if !known.contains(&value) {
                        known.push(value);
                    }
                }
            }
            None => vars.push((var, domain)),
        };
        let yes_no = || vec![Val::Bool(true), Val::Bool(false)];
        match cond {
            Resolved::Is(node, value) => match &self.element(*node).kind {
                Kind::MultipleChoice { .. } => add(Var::Has(*node, value.clone()), yes_no()),
                _ => add(Var::Value(*node), self.domain(*node, Some(value))),
            },
            Resolved::Filled(node) => match &self.element(*node).kind {
                Kind::MultipleChoice { .. } => add(Var::Filled(*node), yes_no()),
                _ => add(Var::Value(*node), self.domain(*node, None)),
            },
            Resolved::Not(inner) => self.collect_vars(inner, vars),
            Resolved::All(all) | Resolved::Any(all) => {
                for c in all {
                    self.collect_vars(c, vars);
                }
            }
        }
    }

    /// The values an element can take, as far as `mentioned` tells them apart.
    fn domain(&self, node: usize, mentioned: Option<&Val>) -> Vec<Val> {
        match &self.element(node).kind {
            Kind::Checkbox => vec![Val::Bool(true), Val::Bool(false)],
            Kind::YesNo => vec![Val::Bool(true), Val::Bool(false), Val::Empty],
            Kind::SingleChoice { options, .. } => options
                .iter()
                .map(|o| Val::Text(o.value.clone()))
                .chain([Val::Empty])
                .collect(),
            Kind::Group { .. } | Kind::Repeat { .. } => vec![Val::Other, Val::Empty],
            _ => mentioned
                .cloned()
                .into_iter()
                .chain([Val::Other, Val::Empty])
                .collect(),
        }
    }

    fn holds(&self, cond: &Resolved, vars: &[(Var, Vec<Val>)], choice: &[usize]) -> bool {
        let assigned = |var: &Var| -> &Val {
            let i = vars.iter().position(|(v, _)| v == var).expect("collected");
            &vars[i].1[choice[i]]
        };
        match cond {
            Resolved::Is(node, value) => match &self.element(*node).kind {
                Kind::MultipleChoice { .. } => {
                    *assigned(&Var::Has(*node, value.clone())) == Val::Bool(true)
                }
                _ => assigned(&Var::Value(*node)) == value,
            },
            Resolved::Filled(node) => match &self.element(*node).kind {
                Kind::MultipleChoice { .. } => *assigned(&Var::Filled(*node)) == Val::Bool(true),
                Kind::Checkbox => *assigned(&Var::Value(*node)) == Val::Bool(true),
                _ => *assigned(&Var::Value(*node)) != Val::Empty,
            },
            Resolved::Not(inner) => !self.holds(inner, vars, choice),
            Resolved::All(all) => all.iter().all(|c| self.holds(c, vars, choice)),
            Resolved::Any(any) => any.iter().any(|c| self.holds(c, vars, choice)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Var {
    Value(usize),
    /// A multiple choice has this option chosen.
    Has(usize, Val),
    Filled(usize),
}

enum Relation {
    /// Exactly one of the two holds, always.
    Complement,
    /// Never both, sometimes neither.
    Disjoint,
    Overlap,
}

/// The option a rule means by `code`: its value, or its label, or the same number
/// written with other leading zeros.
fn option_value(options: &[ChoiceOption], code: &str) -> Option<String> {
    if let Some(o) = options.iter().find(|o| o.value == code) {
        return Some(o.value.clone());
    }
    let by_label: Vec<&ChoiceOption> = options
        .iter()
        .filter(|o| o.label.de.trim().eq_ignore_ascii_case(code.trim()))
        .collect();
    if let [one] = by_label.as_slice() {
        return Some(one.value.clone());
    }
    let number = |s: &str| s.parse::<u64>().ok();
    let same: Vec<&ChoiceOption> = options
        .iter()
        .filter(|o| number(&o.value).is_some() && number(&o.value) == number(code))
        .collect();
    match same.as_slice() {
        [one] => Some(one.value.clone()),
        _ => None,
    }
}

/// „A“, „B“ oder „C“.
fn join_list(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}
