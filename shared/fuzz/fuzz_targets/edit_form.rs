//! A form builder's edits in the designer, driven by the fuzzer's bytes, on a blank form
//! and the example forms: every kind of element inserted anywhere, elements and steps
//! moved and removed, labels and conditions set, undo and redo. Nothing may panic; after
//! every edit the definition is written as JSON and read back to the same form (what
//! the designer saves is what it opens again); the lint and compile run on the result.
#![no_main]

mod common;

use common::{Bytes, EXAMPLE_FORMS};
use libfuzzer_sys::fuzz_target;
use authoring::codec::{read_form, write_form};
use authoring::edit::{self, Comparison, History, Path, Slot};
use engine::format::{Kind, KindName};
use engine::Form;

/// The fuzzer's bytes as a form builder's choices (0 once they are used up).
struct Input<'a>(Bytes<'a>);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        self.0.byte().unwrap_or(0)
    }

    /// A number below `len` (or `len` itself now and then: one past the end).
    fn below(&mut self, len: usize) -> usize {
        self.byte() as usize % (len + 2)
    }

    fn text(&mut self) -> String {
        self.0.text(15)
    }

    /// A path into the form, mostly to an element that exists.
    fn path(&mut self, form: &Form) -> Path {
        let step = self.below(form.steps.len());
        let mut indices = Vec::new();
        let mut elements = form.steps.get(step).map(|s| &s.elements[..]);
        loop {
            let index = self.below(elements.map_or(0, <[_]>::len));
            indices.push(index);
            let children = elements
                .and_then(|list| list.get(index))
                .and_then(|e| match &e.kind {
                    Kind::Group { elements } | Kind::Repeat { elements, .. } => Some(&elements[..]),
                    _ => None,
                });
            match children {
                Some(children) if self.byte().is_multiple_of(2) => elements = Some(children),
                _ => return Path::new(step, &indices),
            }
        }
    }

    fn slot(&mut self, form: &Form) -> Slot {
        let path = self.path(form);
        let mut slot = path.slot();
        if self.byte().is_multiple_of(4) {
            // Inside the element itself, should it be a group.
            slot.parent = path.indices;
            slot.index = self.below(2);
        }
        slot
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(Bytes(data));
    // Without the 250 KB asbest form: saving and opening it after every edit is slow.
    let forms = &EXAMPLE_FORMS[..3];
    let choice = input.byte() as usize % (forms.len() + 1);
    let mut form = match forms.get(choice) {
        Some(json) => authoring::load::load_form(json).expect("example form loads"),
        None => edit::blank_form("fuzz"),
    };
    let mut history = History::new(20);

    while !input.0.is_empty() {
        let before = form.clone();
        let _ = match input.byte() % 12 {
            0 | 1 => {
                // Every type of the format, with a label from the input.
                let kind = KindName::ALL[input.below(KindName::ALL.len()) % KindName::ALL.len()];
                let label = input.text();
                let slot = input.slot(&form);
                let element = edit::new_element(&form, kind, &label);
                edit::insert(&mut form, &slot, element).map(drop)
            }
            2 => {
                let path = input.path(&form);
                edit::remove(&mut form, &path).map(drop)
            }
            3 => {
                let (path, slot) = (input.path(&form), input.slot(&form));
                edit::move_element(&mut form, &path, &slot).map(drop)
            }
            4 => {
                let path = input.path(&form);
                let delta = input.byte() as isize % 5 - 2;
                edit::move_by(&mut form, &path, delta).map(drop)
            }
            5 => {
                let (path, step) = (input.path(&form), input.below(form.steps.len()));
                edit::move_to_step(&mut form, &path, step).map(drop)
            }
            6 => {
                let index = input.below(form.steps.len());
                edit::add_step(&mut form, index);
                Ok(())
            }
            7 => {
                let (from, to) = (input.below(form.steps.len()), input.below(form.steps.len()));
                edit::move_step(&mut form, from, to)
            }
            8 => {
                let index = input.below(form.steps.len());
                edit::remove_step(&mut form, index).map(drop)
            }
            9 => {
                let (path, label) = (input.path(&form), input.text());
                edit::set_label(&mut form, &path, &label).map(drop)
            }
            10 => {
                // The condition builder: "show when <field> <comparison> <value>".
                let path = input.path(&form);
                let references = edit::references(&form, &path);
                if let Some(reference) = references.get(input.below(references.len())) {
                    let comparison = Comparison::ALL[input.byte() as usize % Comparison::ALL.len()];
                    let condition =
                        edit::condition(&reference.name, &reference.kind, comparison, &input.text());
                    if let Some(element) = edit::element_mut(&mut form, &path) {
                        element.visible_if = Some(condition);
                    }
                }
                Ok(())
            }
            _ => {
                let undone = if input.byte().is_multiple_of(2) {
                    history.undo(form.clone())
                } else {
                    history.redo(form.clone())
                };
                if let Some(restored) = undone {
                    form = restored;
                }
                continue;
            }
        };
        if form != before {
            history.record(before, None);
        }

        let written = write_form(&form);
        let read = read_form(&written)
            .unwrap_or_else(|e| panic!("the saved form does not open again: {e:?}"));
        assert_eq!(read, form, "the saved form opens as another form");
    }
    let _ = authoring::lint::lint(&form);
    let _ = authoring::compile::compile(form);
});
