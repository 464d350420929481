//! Compiles a [`Form`] into the engine's [`CompiledForm`]: one node per step and
//! element, expressions parsed and type-checked with their references resolved,
//! patterns compiled, content read, and the dependency graph that lets
//! `engine::state::FormState` re-evaluate only what an answer affects.
//!
//! Every problem found on the way is collected; [`crate::lint`] adds the checks that do
//! not affect evaluation.

use engine::compiled::{element_at, CompiledForm, CompiledRule, Node, NodeId, Structure};
use engine::expr::{BinaryOp, Expr, ExprKind, Func, Target, Type, Value};
use engine::format::{Check, DateBound, Element, Form, Kind, ParameterKind};
use engine::markdown::Markdown;
use engine::pattern::Pattern;
use engine::text::Joined;
use engine::{Lang, Text};

use crate::expr::{self, ExprError, Resolver};
use crate::problem::{has_errors, Location, Problem};

/// Compiles `form`, or returns every problem when any is an error.
pub fn compile(form: Form) -> Result<CompiledForm, Vec<Problem>> {
    with_parameters(form, &[])
}

/// Compiled with the municipality's values for the form's parameters (`key`, value as
/// text); parameters not given take their default.
pub fn with_parameters(
    form: Form,
    values: &[(String, String)],
) -> Result<CompiledForm, Vec<Problem>> {
    let (compiled, problems) = analyze_with(form, Some(values));
    if has_errors(&problems) {
        return Err(problems);
    }
    Ok(compiled)
}

/// Builds the compiled form and reports every problem, errors and warnings alike.
/// The municipality's values are not known yet (the designer, the lint): a parameter
/// without a default stands in as 0 or empty text until it is published.
pub fn analyze(form: Form) -> (CompiledForm, Vec<Problem>) {
    analyze_with(form, None)
}

/// `values`: the municipality's values when publishing, `None` before.
fn analyze_with(
    mut form: Form,
    values: Option<&[(String, String)]>,
) -> (CompiledForm, Vec<Problem>) {
    for step in &mut form.steps {
        resolve_file_types(&mut step.elements);
    }
    let Structure {
        mut nodes,
        steps,
        root_slots,
    } = Structure::of(&form);
    let mut problems = Vec::new();
    let mut members = Vec::new();
    for (id, node) in nodes.iter_mut().enumerate() {
        if node.is_step() {
            continue;
        }
        let element = element_at(&form, node);
        let location = Location::element(node.step, &node.indices);
        compile_rules(element, &mut node.rules, &location, &mut problems);
        if let Kind::Content { markdown } = &element.kind {
            node.content = Some(Markdown {
                de: crate::markdown::parse(&markdown.de),
                en: markdown.en.as_deref().map(crate::markdown::parse),
            });
        }
        if !crate::keys::is_valid_key(&element.key) {
            problems.push(Problem::error(
                location.with("key"),
                format!(
                    "Der Schlüssel „{}“ ist ungültig: erlaubt sind Buchstaben a–z, Ziffern und _, beginnend mit einem Buchstaben (keine Wörter wie and, or, not, in, true, false, param).",
                    element.key
                ),
                format!(
                    "The key '{}' is invalid: use letters a-z, digits and _, starting with a letter (not and, or, not, in, true, false, param).",
                    element.key
                ),
            ));
        }
        members.push((node.parent, element.key.clone(), id));
    }
    // The container of an element is its group or repeating group, `None` at the top of
    // a step.
    for member in &mut members {
        member.0 = member.0.filter(|&parent| !nodes[parent].is_step());
    }
    let members = Members::new(members, &nodes, &mut problems);

    let parameters = parameter_values(&form, values, &mut problems);
    let sources = collect_sources(&form, &nodes);
    let mut parsed = parse_sources(&sources, &parameters, &mut problems);
    check_computed(&sources, &mut parsed, &mut nodes, &members, &mut problems);
    check_conditions(&sources, &mut parsed, &nodes, &members, &mut problems);
    check_choice_values(&form, &sources, &parsed, &nodes, &mut problems);
    for (source, expr) in sources.iter().zip(parsed) {
        let Some(expr) = expr else { continue };
        let node = &mut nodes[source.node];
        match source.role {
            Role::Visible => node.visible_if = Some(expr),
            Role::Required => node.required_if = Some(expr),
            Role::Computed => node.computed = Some(expr),
            Role::Rule(index) | Role::DateLimit(index) => {
                if let Some(rule) = node.rules.iter_mut().find(|r| r.index == index) {
                    rule.expression = Some(expr);
                }
            }
        }
    }

    let (order, dependents, check_dependents) = dependency_order(&nodes, &mut problems);
    let structure = Structure {
        nodes,
        steps,
        root_slots,
    };
    let mut compiled = CompiledForm::assemble(
        form,
        structure,
        order,
        dependents,
        check_dependents,
        parameters,
    );
    compiled.hash = crate::publish::encode(&compiled).hash;
    (compiled, problems)
}

/// File types as builders typed them (`PDF`, `.jpg`) become media types; what names no
/// type stays, and the lint reports it.
fn resolve_file_types(elements: &mut [Element]) {
    for element in elements {
        match &mut element.kind {
            Kind::File { accept, .. } => {
                for typed in accept.iter_mut() {
                    if let Some(media_type) = engine::file_types::resolve(typed) {
                        *typed = media_type;
                    }
                }
                let mut seen = std::collections::HashSet::new();
                accept.retain(|media_type| seen.insert(media_type.clone()));
            }
            Kind::Group { elements } | Kind::Repeat { elements, .. } => {
                resolve_file_types(elements)
            }
            _ => {}
        }
    }
}

/// The value of each parameter: the municipality's, else the default. A missing or
/// unreadable value is an error at `parameters`.
fn parameter_values(
    form: &Form,
    values: Option<&[(String, String)]>,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Value)> {
    let here = |index: usize| Location::form(&format!("parameters[{index}]"));
    for (key, _) in values.unwrap_or_default() {
        if !form.parameters.iter().any(|p| &p.key == key) {
            problems.push(Problem::warning(
                Location::form("parameters"),
                format!("Den Parameter „{key}“ kennt dieses Formular nicht."),
                format!("This form has no parameter \"{key}\"."),
            ));
        }
    }
    let mut out = Vec::new();
    for (index, parameter) in form.parameters.iter().enumerate() {
        let given = values
            .unwrap_or_default()
            .iter()
            .find(|(key, _)| *key == parameter.key)
            .map(|(_, value)| value)
            .or(parameter.default.as_ref());
        let Some(text) = given else {
            let (de, en) = (
                format!("Der Parameter „{}“ hat keinen Standardwert: jede Kommune muss ihn beim Veröffentlichen angeben.", parameter.key),
                format!("The parameter \"{}\" has no default: every municipality must give it when publishing.", parameter.key),
            );
            if values.is_some() {
                problems.push(Problem::error(here(index), de, en));
                continue;
            }
            problems.push(Problem::warning(here(index), de, en));
            let placeholder = match parameter.kind {
                ParameterKind::Text => Value::Text(String::new()),
                ParameterKind::Number | ParameterKind::Currency => Value::Number(0.0),
            };
            out.push((parameter.key.clone(), placeholder));
            continue;
        };
        let value = match parameter.kind {
            ParameterKind::Text => Some(Value::Text(text.clone())),
            // The core's own number reading: std's float parser would add ~18 KB to
            // the runtime.
            ParameterKind::Number | ParameterKind::Currency => {
                engine::input::parse_number(text, Lang::En).map(Value::Number)
            }
        };
        match value {
            Some(value) => out.push((parameter.key.clone(), value)),
            None => problems.push(Problem::error(
                here(index),
                format!("Der Wert „{text}“ des Parameters „{}“ ist keine Zahl (mit Dezimalpunkt, z. B. 96.5).", parameter.key),
                format!("The value \"{text}\" of the parameter \"{}\" is not a number (with a decimal point, e.g. 96.5).", parameter.key),
            )),
        }
    }
    out
}

/// Replaces every `param.key` in `expr` by the parameter's value, so the rest of the
/// core sees a literal.
fn substitute_parameters(expr: &mut Expr, parameters: &[(String, Value)]) -> Result<(), ExprError> {
    let span = expr.span;
    match &mut expr.kind {
        ExprKind::Ref(reference) if reference.path.first().is_some_and(|p| p == "param") => {
            let key = reference.path[1..].joined(".");
            expr.kind = match parameters.iter().find(|(k, _)| *k == key) {
                Some((_, Value::Number(n))) => ExprKind::Number(*n),
                Some((_, Value::Text(t))) => ExprKind::Text(t.clone()),
                Some(_) | None => {
                    return Err(ExprError::new(
                        span,
                        format!("Einen Parameter „{key}“ gibt es in diesem Formular nicht."),
                        format!("This form has no parameter \"{key}\"."),
                    ))
                }
            };
            Ok(())
        }
        ExprKind::List(items) | ExprKind::Call(_, items) => items
            .iter_mut()
            .try_for_each(|item| substitute_parameters(item, parameters)),
        ExprKind::Unary(_, operand) => substitute_parameters(operand, parameters),
        ExprKind::Binary(_, left, right) => {
            substitute_parameters(left, parameters)?;
            substitute_parameters(right, parameters)
        }
        _ => Ok(()),
    }
}

/// Members by container and key: the container is the root scope (`None`), a group or a
/// repeating group. Sorted for binary search: no hash map (and its hasher) in the runtime,
/// and no key copied for a lookup.
struct Members(Vec<(Option<NodeId>, String, NodeId)>);

impl Members {
    /// Sorts the members found while building and reports each repeated key (after its
    /// first place); a repeated key finds its last place, as it did in a map.
    fn new(
        mut members: Vec<(Option<NodeId>, String, NodeId)>,
        nodes: &[Node],
        problems: &mut Vec<Problem>,
    ) -> Members {
        members.sort_unstable();
        for pair in members.windows(2) {
            let ((container, key, _), (next_container, next_key, repeated)) = (&pair[0], &pair[1]);
            if container == next_container && key == next_key {
                let node = &nodes[*repeated];
                problems.push(Problem::error(
                    Location::element(node.step, &node.indices).with("key"),
                    format!("Der Schlüssel „{key}“ kommt hier mehrfach vor; Schlüssel müssen eindeutig sein."),
                    format!("The key '{key}' is used more than once here; keys must be unique."),
                ));
            }
        }
        // Keeps the last of equal keys: `dedup` keeps the first, so reverse around it.
        members.reverse();
        members.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        members.reverse();
        Members(members)
    }

    fn get(&self, container: Option<NodeId>, key: &str) -> Option<NodeId> {
        self.0
            .binary_search_by(|(c, k, _)| (*c, k.as_str()).cmp(&(container, key)))
            .ok()
            .map(|index| self.0[index].2)
    }
}

fn compile_rules(
    element: &Element,
    rules: &mut [CompiledRule],
    location: &Location,
    problems: &mut Vec<Problem>,
) {
    for compiled in rules {
        let index = compiled.index;
        if let Some(Check::Pattern { pattern }) = element.rules.get(index).map(|r| &r.check) {
            match compile_pattern(pattern) {
                Ok(compiled_pattern) => compiled.pattern = Some(compiled_pattern),
                Err(reason) => problems.push(Problem::error(
                    location.clone().with(format!("rules[{index}].pattern")),
                    format!(
                        "Das Muster „{pattern}“ ist ungültig: {}",
                        reason.get(Lang::De)
                    ),
                    format!(
                        "The pattern '{pattern}' is invalid: {}",
                        reason.get(Lang::En)
                    ),
                )),
            }
        }
    }
}

/// Compiles a pattern that must match the whole answer (see `pattern`: linear time,
/// so no pattern can hang the browser); the error says why, in German and English.
pub fn compile_pattern(pattern: &str) -> Result<Pattern, Text> {
    crate::pattern::compile(pattern)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Visible,
    Required,
    Computed,
    Rule(usize),
    /// A date limit naming another date field (`min_date`/`max_date` of `beginn`).
    DateLimit(usize),
}

struct Source {
    node: NodeId,
    role: Role,
    text: String,
    location: Location,
}

fn collect_sources(form: &Form, nodes: &[Node]) -> Vec<Source> {
    let mut sources = Vec::new();
    for (id, node) in nodes.iter().enumerate() {
        let mut add = |role: Role, text: &str, property: String| {
            let location = if node.is_step() {
                Location::step(node.step)
            } else {
                Location::element(node.step, &node.indices)
            };
            sources.push(Source {
                node: id,
                role,
                text: text.to_string(),
                location: location.with(property),
            });
        };
        if node.is_step() {
            if let Some(text) = &form.steps[node.step].visible_if {
                add(Role::Visible, text, "visible_if".into());
            }
            continue;
        }
        let element = element_at(form, node);
        if let Some(text) = &element.visible_if {
            add(Role::Visible, text, "visible_if".into());
        }
        if let Some(text) = &element.required_if {
            add(Role::Required, text, "required_if".into());
        }
        if let Kind::Computed { expression, .. } = &element.kind {
            add(Role::Computed, expression, "expression".into());
        }
        for (index, rule) in element.rules.iter().enumerate() {
            match &rule.check {
                Check::Expression { expression } => add(
                    Role::Rule(index),
                    expression,
                    format!("rules[{index}].expression"),
                ),
                Check::MinDate {
                    date: DateBound::Field(key),
                }
                | Check::MaxDate {
                    date: DateBound::Field(key),
                } => add(Role::DateLimit(index), key, format!("rules[{index}].date")),
                _ => {}
            }
        }
    }
    sources
}

fn parse_sources(
    sources: &[Source],
    parameters: &[(String, Value)],
    problems: &mut Vec<Problem>,
) -> Vec<Option<Expr>> {
    sources
        .iter()
        .map(|source| {
            match expr::parse(&source.text).and_then(|mut expr| {
                substitute_parameters(&mut expr, parameters)?;
                Ok(expr)
            }) {
                Ok(expr) => Some(expr),
                Err(error) => {
                    problems.push(expr_problem(&source.location, error));
                    None
                }
            }
        })
        .collect()
}

fn expr_problem(location: &Location, error: ExprError) -> Problem {
    Problem {
        severity: crate::problem::Severity::Error,
        location: location.clone(),
        message: error.message,
        span: Some((error.span.start, error.span.end)),
    }
}

/// Resolves references from the position of one node.
struct ScopeResolver<'a> {
    nodes: &'a [Node],
    members: &'a Members,
    /// The node whose expression is checked.
    from: NodeId,
}

/// A resolved path: the node, how many repeats the reference shares with its position.
struct Resolved {
    node: NodeId,
    shared_depth: usize,
}

impl ScopeResolver<'_> {
    /// Looks `path` up from the expression's position: enclosing groups first, then the
    /// entries of enclosing repeating groups (innermost first), then the whole form.
    fn find(&self, path: &[String]) -> Result<Resolved, (String, String)> {
        let from = &self.nodes[self.from];
        let mut group = from.parent;
        while let Some(id) =
            group.filter(|&g| !self.nodes[g].is_step() && !from.repeats.contains(&g))
        {
            if let Some(found) = self.walk_path(Some(id), path) {
                return found.map(|node| Resolved {
                    node,
                    shared_depth: from.repeats.len(),
                });
            }
            group = self.nodes[id].parent;
        }
        // A repeating group's own conditions are evaluated outside its entries, as its
        // `repeats` does not include itself.
        for depth in (0..=from.repeats.len()).rev() {
            let container = depth.checked_sub(1).map(|i| from.repeats[i]);
            if let Some(found) = self.walk_path(container, path) {
                return found.map(|node| Resolved {
                    node,
                    shared_depth: depth,
                });
            }
        }
        let joined = path.joined(".");
        Err((
            format!("Unbekanntes Feld „{joined}“."),
            format!("Unknown field '{joined}'."),
        ))
    }
}

impl ScopeResolver<'_> {
    /// Resolves `path` starting among the members of `container`: `None` when the first
    /// key is not there, an error when a later key is missing.
    fn walk_path(
        &self,
        container: Option<NodeId>,
        path: &[String],
    ) -> Option<Result<NodeId, (String, String)>> {
        let mut node = self.members.get(container, &path[0])?;
        for segment in &path[1..] {
            match self.members.get(Some(node), segment) {
                Some(child) => node = child,
                None => {
                    let joined = path.joined(".");
                    return Some(Err((
                        format!(
                            "„{joined}“: „{}“ enthält kein Feld „{segment}“.",
                            self.nodes[node].path
                        ),
                        format!(
                            "'{joined}': '{}' has no field '{segment}'.",
                            self.nodes[node].path
                        ),
                    )));
                }
            }
        }
        Some(Ok(node))
    }
}

impl Resolver for ScopeResolver<'_> {
    fn resolve(&self, path: &[String]) -> Result<(Target, Type), (String, String)> {
        let resolved = self.find(path)?;
        let node = &self.nodes[resolved.node];
        let joined = path.joined(".");
        let Some(ty) = node.value_type.clone() else {
            return Err((
                format!("„{joined}“ ist eine Gruppe oder ein Inhalt, kein Wert: bitte ein Feld darin nennen, z. B. {joined}.feld."),
                format!("'{joined}' is a group or content, not a value: name a field inside it, e.g. {joined}.field."),
            ));
        };
        let crossed = node.repeats.len() > resolved.shared_depth;
        let ty = match ty {
            ty @ (Type::Items | Type::List(_)) => ty,
            ty if crossed => Type::List(Box::new(ty)),
            ty => ty,
        };
        Ok((
            Target {
                node: resolved.node,
                shared_depth: resolved.shared_depth,
            },
            ty,
        ))
    }
}

/// Checks computed values in the order they depend on each other, so each one's type is
/// known before it is used; reports cycles.
fn check_computed(
    all_sources: &[Source],
    parsed: &mut [Option<Expr>],
    nodes: &mut [Node],
    members: &Members,
    problems: &mut Vec<Problem>,
) {
    let sources: Vec<(usize, NodeId)> = all_sources
        .iter()
        .enumerate()
        .filter(|(i, source)| source.role == Role::Computed && parsed[*i].is_some())
        .map(|(i, source)| (i, source.node))
        .collect();
    // Depth-first: check a computed value after those it references.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    // Indexed by node: the source of its computed expression, and its DFS mark
    // (`None` for nodes that are not computed values).
    let mut by_node = vec![usize::MAX; nodes.len()];
    let mut marks: Vec<Option<Mark>> = vec![None; nodes.len()];
    for &(index, node) in &sources {
        by_node[node] = index;
        marks[node] = Some(Mark::New);
    }
    for &(_, start) in &sources {
        if marks[start] != Some(Mark::New) {
            continue;
        }
        // Iterative DFS with an explicit stack: (node, children visited).
        let mut stack = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                let index = by_node[node];
                if let Some(expr) = parsed[index].as_mut() {
                    let resolver = ScopeResolver {
                        nodes,
                        members,
                        from: node,
                    };
                    match expr::check(expr, &resolver) {
                        Ok(ty) => nodes[node].value_type = Some(ty),
                        Err(error) => {
                            problems.push(expr_problem(
                                &Location::element(nodes[node].step, &nodes[node].indices)
                                    .with("expression"),
                                error,
                            ));
                            parsed[index] = None;
                        }
                    }
                }
                marks[node] = Some(Mark::Done);
                continue;
            }
            if marks[node] == Some(Mark::Done) {
                continue;
            }
            marks[node] = Some(Mark::Active);
            stack.push((node, true));
            let index = by_node[node];
            let resolver = ScopeResolver {
                nodes,
                members,
                from: node,
            };
            let mut references = Vec::new();
            if let Some(expr) = &parsed[index] {
                collect_paths(expr, &mut references);
            }
            for path in references {
                let Ok(resolved) = resolver.find(&path) else {
                    continue;
                };
                match marks[resolved.node] {
                    Some(Mark::New) => stack.push((resolved.node, false)),
                    Some(Mark::Active) => {
                        problems.push(Problem::error(
                            Location::element(nodes[node].step, &nodes[node].indices)
                                .with("expression"),
                            format!(
                                "Berechnete Werte hängen im Kreis voneinander ab („{}“ ↔ „{}“).",
                                nodes[node].path, nodes[resolved.node].path
                            ),
                            format!(
                                "Computed values depend on each other in a cycle ('{}' <-> '{}').",
                                nodes[node].path, nodes[resolved.node].path
                            ),
                        ));
                        parsed[index] = None;
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Checks conditions and rule expressions, which must be yes/no values.
fn check_conditions(
    sources: &[Source],
    parsed: &mut [Option<Expr>],
    nodes: &[Node],
    members: &Members,
    problems: &mut Vec<Problem>,
) {
    for (source, slot) in sources.iter().zip(parsed.iter_mut()) {
        if source.role == Role::Computed {
            continue;
        }
        let Some(expr) = slot.as_mut() else { continue };
        let resolver = ScopeResolver {
            nodes,
            members,
            from: source.node,
        };
        let result = expr::check(expr, &resolver).and_then(|ty| {
            if matches!(source.role, Role::DateLimit(_)) {
                return if ty.fits(&Type::Date) {
                    Ok(())
                } else {
                    Err(ExprError::new(
                        expr.span,
                        format!("„{}“ ist kein Datumsfeld: eine Datumsgrenze nennt ein Datum, heute (today) oder ein anderes Datumsfeld.", source.text),
                        format!("'{}' is not a date field: a date limit names a date, today, or another date field.", source.text),
                    ))
                };
            }
            if ty.fits(&Type::Bool) {
                Ok(())
            } else {
                let (de, en) = crate::expr::describe(&ty);
                Err(ExprError::new(
                    expr.span,
                    format!("Eine Bedingung muss Ja oder Nein ergeben, dieser Ausdruck ergibt: {de}. Beispiel: anzahl > 2"),
                    format!("A condition must be yes or no; this expression gives: {en}. Example: count > 2"),
                ))
            }
        });
        if let Err(error) = result {
            problems.push(expr_problem(&source.location, error));
            *slot = None;
        }
    }
}

/// A choice compared with a value none of its options has is never true: mostly the
/// option's visible text was written instead of its value (`zweck == "Sonstige
/// Nutzung"` where the value is `sonstiges`). An error at the text compared.
fn check_choice_values(
    form: &Form,
    sources: &[Source],
    parsed: &[Option<Expr>],
    nodes: &[Node],
    problems: &mut Vec<Problem>,
) {
    for (source, expr) in sources.iter().zip(parsed) {
        let Some(expr) = expr else { continue };
        let mut compared = Vec::new();
        choice_comparisons(expr, &mut compared);
        for (target, text, span) in compared {
            let element = element_at(form, &nodes[target.node]);
            let (Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options }) =
                &element.kind
            else {
                continue;
            };
            if options.iter().any(|o| o.value == text) {
                continue;
            }
            let name = if element.label.de.is_empty() {
                &element.key
            } else {
                &element.label.de
            };
            let labelled = options.iter().find(|o| {
                o.label.de.trim().eq_ignore_ascii_case(text.trim())
                    || o.label
                        .en
                        .as_deref()
                        .is_some_and(|en| en.trim().eq_ignore_ascii_case(text.trim()))
            });
            let (de, en) = match labelled {
                Some(option) => (
                    format!("„{text}“ ist die Beschriftung einer Antwort von „{name}“; verglichen wird ihr Wert: \"{}\".", option.value),
                    format!("'{text}' is the label of an option of '{name}'; its value is compared: \"{}\".", option.value),
                ),
                None => {
                    let known = options.iter().take(5).map(|o| format!("\"{}\"", o.value)).collect::<Vec<_>>().join(", ");
                    let more = if options.len() > 5 { ", …" } else { "" };
                    (
                        format!("„{name}“ hat keine Antwort mit dem Wert „{text}“, die Bedingung wäre nie erfüllt. Werte: {known}{more}."),
                        format!("'{name}' has no option with the value '{text}'; the condition would never hold. Values: {known}{more}."),
                    )
                }
            };
            problems.push(Problem::error(source.location.clone(), de, en).with_span(span));
        }
    }
}

/// Each choice reference compared with a text: `x == "a"`, `"a" != x`, `x in ["a", "b"]`,
/// `contains(x, "a")`, with the text's span.
fn choice_comparisons(expr: &Expr, out: &mut Vec<(Target, String, engine::expr::Span)>) {
    let reference = |e: &Expr| match &e.kind {
        ExprKind::Ref(r) => r.target,
        _ => None,
    };
    let text = |e: &Expr| match &e.kind {
        ExprKind::Text(t) => Some((t.clone(), e.span)),
        _ => None,
    };
    match &expr.kind {
        ExprKind::Binary(BinaryOp::Eq | BinaryOp::Ne, left, right) => {
            if let (Some(target), Some((t, span))) = (reference(left), text(right)) {
                out.push((target, t, span));
            } else if let (Some((t, span)), Some(target)) = (text(left), reference(right)) {
                out.push((target, t, span));
            }
        }
        ExprKind::Binary(BinaryOp::In, left, right) => {
            if let (Some(target), ExprKind::List(items)) = (reference(left), &right.kind) {
                out.extend(
                    items
                        .iter()
                        .filter_map(text)
                        .map(|(t, span)| (target, t, span)),
                );
            }
        }
        ExprKind::Call(Func::Contains, args) => {
            if let [list, item] = args.as_slice() {
                if let (Some(target), Some((t, span))) = (reference(list), text(item)) {
                    out.push((target, t, span));
                }
            }
        }
        _ => {}
    }
    match &expr.kind {
        ExprKind::List(items) | ExprKind::Call(_, items) => {
            items.iter().for_each(|i| choice_comparisons(i, out))
        }
        ExprKind::Unary(_, operand) => choice_comparisons(operand, out),
        ExprKind::Binary(_, left, right) => {
            choice_comparisons(left, out);
            choice_comparisons(right, out);
        }
        _ => {}
    }
}

/// The paths an expression references (`anschrift.plz` → `["anschrift", "plz"]`).
pub(crate) fn collect_paths(expr: &Expr, out: &mut Vec<Vec<String>>) {
    match &expr.kind {
        ExprKind::Ref(reference) => out.push(reference.path.clone()),
        ExprKind::List(items) | ExprKind::Call(_, items) => {
            items.iter().for_each(|i| collect_paths(i, out))
        }
        ExprKind::Unary(_, operand) => collect_paths(operand, out),
        ExprKind::Binary(_, left, right) => {
            collect_paths(left, out);
            collect_paths(right, out);
        }
        _ => {}
    }
}

type Edges = Vec<Vec<NodeId>>;

/// Orders nodes so that each comes after its parent and after what its visibility and
/// computed value read (document order among equals); reports cycles. Also returns the
/// edges of what validation reads, which never need ordering: validation runs last.
fn dependency_order(nodes: &[Node], problems: &mut Vec<Problem>) -> (Vec<NodeId>, Edges, Edges) {
    let mut dependents: Edges = vec![Vec::new(); nodes.len()];
    let mut check_dependents: Edges = vec![Vec::new(); nodes.len()];
    for (id, node) in nodes.iter().enumerate() {
        if let Some(parent) = node.parent {
            dependents[parent].push(id);
        }
        let mut read = Vec::new();
        for expr in [&node.visible_if, &node.computed].into_iter().flatten() {
            expr.targets(&mut read);
        }
        for target in read {
            dependents[target.node].push(id);
        }
        let mut checked = Vec::new();
        if let Some(expr) = &node.required_if {
            expr.targets(&mut checked);
        }
        for expr in node.rules.iter().filter_map(|r| r.expression.as_ref()) {
            expr.targets(&mut checked);
        }
        for target in checked {
            if target.node != id {
                check_dependents[target.node].push(id);
            }
        }
    }
    // Each list is filled in ascending `id` order, so it is sorted already and repeats
    // of one dependent sit side by side.
    for list in dependents.iter_mut().chain(check_dependents.iter_mut()) {
        list.dedup();
    }

    let mut incoming = vec![0usize; nodes.len()];
    for list in &dependents {
        for &to in list {
            incoming[to] += 1;
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<NodeId>> = (0..nodes.len())
        .filter(|&id| incoming[id] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(std::cmp::Reverse(id)) = ready.pop() {
        order.push(id);
        for &to in &dependents[id] {
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(std::cmp::Reverse(to));
            }
        }
    }
    if order.len() < nodes.len() {
        for (id, node) in nodes.iter().enumerate().filter(|(id, _)| incoming[*id] > 0) {
            let location = if node.is_step() {
                Location::step(node.step)
            } else {
                Location::element(node.step, &node.indices)
            };
            problems.push(Problem::error(
                location.with("visible_if"),
                format!(
                    "„{}“ hängt über Bedingungen im Kreis von sich selbst ab.",
                    node.path
                ),
                format!(
                    "'{}' depends on itself through a cycle of conditions.",
                    node.path
                ),
            ));
            order.push(id);
        }
    }
    (order, dependents, check_dependents)
}
