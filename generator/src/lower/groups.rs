//! Groups operations by their first tag into sub-clients (`client.repos().get(…)`), for specs
//! with so many operations that one `Client` of hundreds of methods is hard to use.

use std::collections::BTreeMap;

use crate::ir::{Operation, OperationGroup};
use crate::names::{self, Namespace};

/// Moves every tagged operation into the group of its first tag, in the order the tags first
/// appear; untagged operations stay on `Client`. Each grouped operation is renamed within its
/// group, without the tag its name starts with (`repos_get` in `repos` → `get`).
///
/// `client_names` holds the names `Client` already uses (constructors, setters, untagged
/// operations); `claim_type` claims a type name in the module.
pub fn group_by_tag(
    operations: &mut [Operation],
    mut client_names: Namespace,
    mut claim_type: impl FnMut(&str) -> String,
) -> Vec<OperationGroup> {
    for operation in operations
        .iter()
        .filter(|operation| operation.tag.is_none())
    {
        client_names.claim(&operation.fn_name);
    }
    let mut groups: Vec<OperationGroup> = Vec::new();
    let mut by_tag: BTreeMap<String, usize> = BTreeMap::new();
    let mut fn_names: Vec<Namespace> = Vec::new();
    for (index, operation) in operations.iter_mut().enumerate() {
        let Some(tag) = operation.tag.clone() else {
            continue;
        };
        let group = *by_tag.entry(tag.clone()).or_insert_with(|| {
            let accessor = client_names.claim(&names::snake_case(&tag, "group"));
            let type_name = claim_type(&format!(
                "{}Client",
                names::pascal_case(&tag, "Tag", "Group")
            ));
            groups.push(OperationGroup {
                docs: vec![format!(
                    "The operations tagged `{tag}`, reached through [`Client::{}`].",
                    names::unraw(&accessor)
                )],
                tag,
                accessor,
                type_name,
                operations: Vec::new(),
            });
            fn_names.push(Namespace::with_reserved(&[]));
            groups.len() - 1
        });
        let prefix = format!(
            "{}_",
            names::unraw(&names::snake_case(&groups[group].tag, ""))
        );
        let name = names::unraw(&operation.fn_name);
        let short = name
            .strip_prefix(&prefix)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
            .map_or_else(
                || operation.fn_name.clone(),
                |rest| names::snake_case(rest, "operation"),
            );
        operation.fn_name = fn_names[group].claim(&short);
        groups[group].operations.push(index);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Method, Success};

    fn operation(fn_name: &str, tag: Option<&str>) -> Operation {
        Operation {
            fn_name: fn_name.to_string(),
            operation_id: fn_name.to_string(),
            params_struct: None,
            docs: Vec::new(),
            method: Method::Get,
            path: Vec::new(),
            path_template: "/".to_string(),
            params: Vec::new(),
            body: None,
            security: Vec::new(),
            accept: None,
            success: Success::Single {
                statuses: Vec::new(),
                body: None,
            },
            error_enum: format!("{fn_name}Error"),
            errors: Vec::new(),
            tag: tag.map(str::to_string),
        }
    }

    #[test]
    fn operations_go_to_the_group_of_their_first_tag_without_its_prefix() {
        let mut operations = vec![
            operation("repos_get", Some("repos")),
            operation("meta_root", None),
            operation("repos_list_for_user", Some("repos")),
            operation("get", Some("repos")),
            operation("list_pet_owners", Some("pet owners")),
            operation("pet_owners_type", Some("pet owners")),
        ];
        let mut types = Namespace::default();
        let groups = group_by_tag(
            &mut operations,
            Namespace::with_reserved(&["new"]),
            |candidate| types.claim(candidate),
        );
        let summary: Vec<(&str, &str, &[usize])> = groups
            .iter()
            .map(|group| {
                (
                    group.accessor.as_str(),
                    group.type_name.as_str(),
                    group.operations.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("repos", "ReposClient", &[0, 2, 3][..]),
                ("pet_owners", "PetOwnersClient", &[4, 5][..])
            ]
        );
        let names: Vec<&str> = operations.iter().map(|op| op.fn_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "get",
                "meta_root",
                "list_for_user",
                "get2",
                "list_pet_owners",
                "r#type"
            ]
        );
    }

    #[test]
    fn a_tag_named_like_a_client_method_gets_another_accessor() {
        let mut operations = vec![operation("ping", None), operation("new_thing", Some("new"))];
        let groups = group_by_tag(
            &mut operations,
            Namespace::with_reserved(&["new"]),
            str::to_string,
        );
        assert_eq!(groups[0].accessor, "new2");
        assert_eq!(operations[1].fn_name, "thing");
    }
}
