//! Boxes the fields that make a type contain itself, and decides which structs can derive `Default`.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, TypeRef};

/// Wraps in `Box` every direct (not through `Vec` or a map) reference from a model to a model of
/// the same strongly connected component, so recursive types have a finite size.
pub fn box_cycles(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.name.clone(), position))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            direct_references(&model.kind)
                .into_iter()
                .filter_map(|name| index.get(&name).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (position, model) in models.iter_mut().enumerate() {
        let own = component[position];
        let needs_box = |ty: &TypeRef| match ty {
            TypeRef::Named(name) => index
                .get(name)
                .is_some_and(|&target| component[target] == own),
            _ => false,
        };
        match &mut model.kind {
            ModelKind::Struct { fields, .. } => {
                for field in fields.iter_mut() {
                    if needs_box(&field.ty) {
                        field.ty = TypeRef::Boxed(Box::new(field.ty.clone()));
                    }
                }
            }
            ModelKind::Tagged { variants, .. } | ModelKind::Untagged { variants } => {
                for variant in variants.iter_mut() {
                    if needs_box(&variant.ty) {
                        variant.ty = TypeRef::Boxed(Box::new(variant.ty.clone()));
                    }
                }
            }
            ModelKind::Alias(_) | ModelKind::StringEnum { .. } => {}
        }
    }
}

/// Marks a struct `derive_default` when every required field has a default: the greatest fixpoint,
/// so mutually recursive structs (already boxed) still qualify.
pub fn decide_default(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.name.clone(), position))
        .collect();
    let mut defaultable: Vec<bool> = models
        .iter()
        .map(|model| matches!(model.kind, ModelKind::Struct { .. } | ModelKind::Alias(_)))
        .collect();
    loop {
        let mut changed = false;
        for (position, model) in models.iter().enumerate() {
            if !defaultable[position] {
                continue;
            }
            let ok = match &model.kind {
                ModelKind::Struct { fields, .. } => fields
                    .iter()
                    .filter(|field| field.required && !field.nullable)
                    .all(|field| has_default(&field.ty, &index, &defaultable)),
                ModelKind::Alias(ty) => has_default(ty, &index, &defaultable),
                _ => false,
            };
            if !ok {
                defaultable[position] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (position, model) in models.iter_mut().enumerate() {
        if let ModelKind::Struct { derive_default, .. } = &mut model.kind {
            *derive_default = defaultable[position];
        }
    }
}

fn has_default(ty: &TypeRef, index: &BTreeMap<String, usize>, defaultable: &[bool]) -> bool {
    match ty {
        TypeRef::Named(name) => index
            .get(name)
            .is_some_and(|&position| defaultable[position]),
        TypeRef::Boxed(inner) => has_default(inner, index, defaultable),
        // A type the user provides may not implement `Default`.
        TypeRef::External(_) => false,
        _ => true,
    }
}

/// Names of the models a model holds inline (not behind a `Vec` or map).
fn direct_references(kind: &ModelKind) -> Vec<String> {
    let mut names = Vec::new();
    let mut push = |ty: &TypeRef| {
        if let TypeRef::Named(name) = ty {
            names.push(name.clone());
        }
    };
    match kind {
        ModelKind::Struct { fields, .. } => fields.iter().for_each(|field| push(&field.ty)),
        ModelKind::Tagged { variants, .. } | ModelKind::Untagged { variants } => {
            variants.iter().for_each(|variant| push(&variant.ty))
        }
        ModelKind::Alias(ty) => push(ty),
        ModelKind::StringEnum { .. } => {}
    }
    names
}

/// Tarjan's algorithm without recursion: the component number of every node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        // Each frame is (node, index of the next edge to follow).
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next_edge)) = frames.last_mut() {
            if let Some(&target) = edges[node].get(*next_edge) {
                *next_edge += 1;
                if order[target] == UNVISITED {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 → 1 → 0 is a cycle; 2 → 0 is not part of it; 3 points at itself.
        let edges = vec![vec![1], vec![0], vec![0], vec![3]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[2], component[0]);
        assert_ne!(component[3], component[0]);
    }
}
