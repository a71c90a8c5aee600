//! The parts of the conversion that take in nodes of other files: path items `$ref`d from
//! another file, and the component entries [`crate::load::resolve`] gave nodes of other files.

use indexmap::IndexMap;

use super::checks;
use super::convert::{Converter, Pieces};
use crate::diagnostics::pointer;
use crate::load::model::ReferenceOr;
use crate::load::SpecPath;

/// How many path items may `$ref` one another in a chain across files.
const PATH_ITEM_HOPS: usize = 16;

impl Pieces {
    /// The path item itself, or, when it is a `$ref` into another file (or any `$ref` in a
    /// file other than the root), the item it names, converted where it is used; `$ref`s
    /// within the root are followed later ([`Pieces::finish`]).
    pub(super) fn take_in_path_item(&mut self, mut item: SpecPath) -> Option<SpecPath> {
        let at = self.convert.at.clone();
        let mut file = self.convert.file;
        for _ in 0..PATH_ITEM_HOPS {
            let Some(reference) = item.reference.clone() else {
                return Some(item);
            };
            if file == 0 && reference.starts_with('#') {
                return Some(item);
            }
            let (target, value) = match self.convert.resolver.take_in(file, &reference, &at) {
                Ok(taken) => taken,
                Err(refusal) => {
                    self.convert.at = format!("{at}/$ref");
                    self.convert.refuse(refusal);
                    self.convert.at = at;
                    return None;
                }
            };
            checks::check_piece(
                &self.root,
                self.convert.dialect,
                &value,
                &at,
                &mut self.checked,
            );
            let previous = std::mem::replace(&mut self.convert.file, target);
            self.convert.at = at.clone();
            let converted = self.convert.path_item(value);
            self.convert.file = previous;
            item = converted?;
            file = target;
        }
        self.convert.at = format!("{at}/$ref");
        self.convert.fail(format!(
            "more than {PATH_ITEM_HOPS} path items `$ref` one another in a chain"
        ));
        None
    }

    /// Converts each node of another file that was given a `components` entry, and those
    /// they refer to in turn; each is converted once, so `$ref` cycles across files end.
    pub(super) fn convert_bundled(&mut self) {
        while let Some(pending) = self.convert.resolver.next_pending() {
            let at = pointer(&["components", pending.section, &pending.name]);
            checks::check_piece(
                &self.root,
                self.convert.dialect,
                &pending.value,
                &at,
                &mut self.checked,
            );
            self.convert.file = pending.file;
            self.convert.at = at;
            self.component(pending.section, pending.name, pending.value);
        }
        self.convert.file = 0;
        self.convert.at.clear();
    }
}

impl Converter {
    /// Adds a component entry; an entry of the root that is only a `$ref` to the node of
    /// another file given its own name is that node, which is added in its place.
    pub(super) fn insert<T>(
        &mut self,
        entries: &mut IndexMap<String, ReferenceOr<T>>,
        section: &str,
        name: String,
        entry: ReferenceOr<T>,
    ) {
        let own_place = pointer(&["components", section, &name]);
        if matches!(&entry, ReferenceOr::Reference { reference } if *reference == own_place) {
            return;
        }
        if entries.contains_key(&name) {
            let from = self.resolver.sources.files[self.file]
                .path
                .display()
                .to_string();
            self.refuse(crate::load::resolve::Refusal {
                message: format!(
                    "`components.{section}.{name}` of the root spec and this node of `{from}` would both be `{name}`"
                ),
                help: "rename one of the two".to_string(),
            });
            return;
        }
        entries.insert(name, entry);
    }
}
