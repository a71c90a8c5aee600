//! The optional settings file beside a spec (`specs/<service>.toml`): types that replace schemas,
//! extra derives and attributes on models, how string formats map to types, grouping operations
//! by tag, and dependencies the generated crate needs for them.
//!
//! It is read before the spec, outside `load`; every key that is unknown or names nothing in the
//! spec is an error located by file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Diagnostic;
use crate::locate::line_text;

/// The key of `[derives]` and `[attributes]` that applies to every model.
pub const ALL_MODELS: &str = "*";

/// The settings of one spec; [`SpecSettings::default`] when the spec has no settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecSettings {
    /// The file these settings were read from.
    pub file: Option<PathBuf>,
    /// The file's text, to show the line of a later diagnostic.
    text: String,
    /// Schema name → the Rust path of the type used in its place; the schema emits no model.
    pub types: Vec<(Located, String)>,
    /// Schema name (or [`ALL_MODELS`]) → derives added to its model, as Rust paths.
    pub derives: Vec<(Located, Vec<String>)>,
    /// Schema name (or [`ALL_MODELS`]) → outer attributes put on its model (`#[non_exhaustive]`).
    pub attributes: Vec<(Located, Vec<String>)>,
    pub formats: Formats,
    /// Operations go into one sub-client per first tag (`client.repos().get(…)`).
    pub group_by_tag: bool,
    /// Entries added to `[dependencies]` of the generated crate, as TOML (`name = value`).
    pub dependencies: Vec<String>,
}

/// A key of the settings file with where it was written, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    /// The dotted key (`types.Money`), shown where a spec diagnostic shows its JSON pointer.
    pub key_path: String,
    /// Byte offset of the key in the file.
    pub offset: usize,
}

/// Which string formats become typed values; `string` in the settings file keeps them `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `date-time` → `chrono::DateTime<chrono::FixedOffset>`.
    pub date_time: bool,
    /// `date` → `chrono::NaiveDate`.
    pub date: bool,
    /// `uuid` → `uuid::Uuid`.
    pub uuid: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            date_time: true,
            date: true,
            uuid: true,
        }
    }
}

/// The file as written; `deny_unknown_fields` makes a misspelt key a located error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    #[serde(default)]
    types: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    derives: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    attributes: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    operations: Option<RawOperations>,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperations {
    group_by: Option<Spanned<String>>,
}

/// The settings file of a spec: `<dir>/<stem>.toml` beside `<dir>/<stem>.yaml`.
pub fn settings_path(spec: &Path) -> PathBuf {
    spec.with_extension("toml")
}

impl SpecSettings {
    /// Reads the settings file `path` if it exists; no file means the default settings.
    pub fn read_if_present(path: &Path) -> Result<SpecSettings, Vec<Diagnostic>> {
        match std::fs::read_to_string(path) {
            Ok(text) => SpecSettings::parse(path, text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(SpecSettings::default())
            }
            Err(error) => Err(vec![Diagnostic::error(
                path,
                "",
                format!("cannot read the settings file: {error}"),
            )
            .with_help("check that the file is readable UTF-8 text")]),
        }
    }

    /// Parses settings text read from `path` (which is only used in messages).
    pub fn parse(path: &Path, text: String) -> Result<SpecSettings, Vec<Diagnostic>> {
        let mut settings = SpecSettings {
            file: Some(path.to_path_buf()),
            text,
            ..SpecSettings::default()
        };
        let raw: RawSettings = match toml::from_str(&settings.text) {
            Ok(raw) => raw,
            Err(error) => {
                let offset = error.span().map_or(0, |span| span.start);
                let message = error.message().trim_end().replace('\n', "; ");
                let diagnostic = settings.error_at(offset, "", message).with_help(
                    "the keys are `[types]`, `[derives]`, `[attributes]`, `[formats]`, `[operations]` and `[dependencies]`; see README.md",
                );
                return Err(vec![diagnostic]);
            }
        };
        let mut errors = Vec::new();
        for (name, path) in raw.types {
            let located = settings.located("types", &name);
            if syn::parse_str::<syn::Type>(path.get_ref()).is_err() {
                errors.push(
                    settings
                        .error_at(
                            path.span().start,
                            &located.key_path,
                            format!("`{}` is not a Rust type", path.get_ref()),
                        )
                        .with_help(
                            "write the path of the type, e.g. `Money = \"my_crate::Money\"`",
                        ),
                );
                continue;
            }
            settings.types.push((located, path.into_inner()));
        }
        let is_path = |text: &str| syn::parse_str::<syn::Path>(text).is_ok();
        settings.derives = settings.checked_lists(
            "derives",
            raw.derives,
            is_path,
            "is not a path to a derive macro",
            "write each derive as a path, e.g. `[\"Eq\", \"Hash\", \"schemars::JsonSchema\"]`",
            &mut errors,
        );
        let is_attribute = |text: &str| {
            let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text);
            matches!(parsed, Ok(list) if !list.is_empty())
        };
        settings.attributes = settings.checked_lists(
            "attributes",
            raw.attributes,
            is_attribute,
            "is not an outer attribute",
            "write the whole attribute, e.g. `[\"#[non_exhaustive]\"]`",
            &mut errors,
        );
        for (format, mapping) in raw.formats {
            let located = settings.located("formats", &format);
            let slot = match format.get_ref().as_str() {
                "date-time" => &mut settings.formats.date_time,
                "date" => &mut settings.formats.date,
                "uuid" => &mut settings.formats.uuid,
                other => {
                    errors.push(
                        settings
                            .error_at(located.offset, &located.key_path, format!("`{other}` is not a format the generator types"))
                            .with_help("the formats are `date-time`, `date` and `uuid`; others are always `String`"),
                    );
                    continue;
                }
            };
            match mapping.get_ref().as_str() {
                "string" => *slot = false,
                "typed" => *slot = true,
                other => errors.push(
                    settings
                        .error_at(mapping.span().start, &located.key_path, format!("`{other}` is not a mapping of a format"))
                        .with_help("write `\"string\"` to keep the values as `String`, or `\"typed\"` (the default)"),
                ),
            }
        }
        if let Some(group_by) = raw.operations.and_then(|operations| operations.group_by) {
            match group_by.get_ref().as_str() {
                "tag" => settings.group_by_tag = true,
                "none" => settings.group_by_tag = false,
                other => errors.push(
                    settings
                        .error_at(
                            group_by.span().start,
                            "operations.group_by",
                            format!("`{other}` is not a way to group operations"),
                        )
                        .with_help(
                            "write `\"tag\"` to group operations by their first tag, or `\"none\"`",
                        ),
                ),
            }
        }
        for (name, value) in raw.dependencies {
            let located = settings.located("dependencies", &name);
            let name = name.into_inner();
            if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                errors.push(
                    settings
                        .error_at(located.offset, &located.key_path, format!("`{name}` is not a crate name"))
                        .with_help("name each dependency as `Cargo.toml` does, e.g. `my_crate = { path = \"../my_crate\" }`"),
                );
                continue;
            }
            // `Value`'s `Display` writes a table inline, as one line of `[dependencies]` takes it.
            settings.dependencies.push(format!("{name} = {value}"));
        }
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }

    /// The lists of a `[derives]`-like table, each item checked by `valid`; an item that is not
    /// is an error at that item.
    fn checked_lists(
        &self,
        table: &str,
        raw: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
        valid: impl Fn(&str) -> bool,
        what: &str,
        help: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<(Located, Vec<String>)> {
        let mut lists = Vec::new();
        for (name, items) in raw {
            let located = self.located(table, &name);
            let mut kept = Vec::new();
            for item in items {
                if valid(item.get_ref()) {
                    kept.push(item.into_inner());
                } else {
                    let message = format!("`{}` {what}", item.get_ref());
                    errors.push(
                        self.error_at(item.span().start, &located.key_path, message)
                            .with_help(help),
                    );
                }
            }
            lists.push((located, kept));
        }
        lists
    }

    fn located(&self, table: &str, key: &Spanned<String>) -> Located {
        Located {
            value: key.get_ref().clone(),
            key_path: format!("{table}.{}", key.get_ref()),
            offset: key.span().start,
        }
    }

    /// An error at byte `offset` of the settings file.
    fn error_at(&self, offset: usize, key_path: &str, message: impl Into<String>) -> Diagnostic {
        let file = self.file.clone().unwrap_or_default();
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |start| start.chars().count())
            + 1;
        let key_path = if key_path.is_empty() {
            "(settings)"
        } else {
            key_path
        };
        Diagnostic::error(&file, key_path, message).at(line, column, line_text(&self.text, line))
    }

    /// The error for a key that names a schema the spec does not have.
    pub fn no_such_schema(&self, key: &Located) -> Diagnostic {
        self.error_at(
            key.offset,
            &key.key_path,
            format!("`{}` names no schema under `components.schemas` of the spec", key.value),
        )
        .with_help(format!(
            "use the schema's name as the spec writes it, or `\"{ALL_MODELS}\"` for every model where that applies"
        ))
    }

    /// The derives added to the model of schema `name` (every model's first).
    pub fn derives_of(&self, name: &str) -> Vec<String> {
        collect_for(&self.derives, name)
    }

    /// The attributes put on the model of schema `name` (every model's first).
    pub fn attributes_of(&self, name: &str) -> Vec<String> {
        collect_for(&self.attributes, name)
    }
}

fn collect_for(entries: &[(Located, Vec<String>)], name: &str) -> Vec<String> {
    let mut all = Vec::new();
    let keys: &[&str] = if name == ALL_MODELS {
        &[ALL_MODELS]
    } else {
        &[ALL_MODELS, name]
    };
    for &key in keys {
        for (located, values) in entries {
            if located.value == key {
                all.extend(values.iter().cloned());
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SpecSettings, Vec<Diagnostic>> {
        SpecSettings::parse(Path::new("specs/pets.toml"), text.to_string())
    }

    #[test]
    fn every_key_is_read() {
        let settings = parse(
            r##"
[types]
Money = "my_crate::Money"

[derives]
"*" = ["Eq", "Hash"]
Pet = ["schemars::JsonSchema"]

[attributes]
Pet = ["#[non_exhaustive]"]

[formats]
date-time = "string"

[operations]
group_by = "tag"

[dependencies]
my_crate = { path = "../my_crate" }
"##,
        )
        .expect("valid settings");
        assert_eq!(settings.types[0].0.value, "Money");
        assert_eq!(settings.types[0].1, "my_crate::Money");
        assert_eq!(
            settings.derives_of("Pet"),
            ["Eq", "Hash", "schemars::JsonSchema"]
        );
        assert_eq!(settings.derives_of("Owner"), ["Eq", "Hash"]);
        assert_eq!(settings.attributes_of("Pet"), ["#[non_exhaustive]"]);
        assert!(!settings.formats.date_time);
        assert!(settings.formats.date && settings.formats.uuid);
        assert!(settings.group_by_tag);
        assert_eq!(
            settings.dependencies,
            [r#"my_crate = { path = "../my_crate" }"#]
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line() {
        let errors = parse("[types]\nMoney = \"m::Money\"\n\n[operation]\ngroup_by = \"tag\"\n")
            .expect_err("`operation` is misspelt");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, Path::new("specs/pets.toml"));
        assert_eq!(errors[0].line, Some(4));
        assert!(
            errors[0].message.contains("operation"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn values_that_are_not_rust_are_errors_at_their_line() {
        let errors = parse(
            "[types]\nMoney = \"not a type!\"\n[derives]\nPet = [\"Eq\", \"1x\"]\n[attributes]\nPet = [\"non_exhaustive\"]\n[formats]\nemail = \"string\"\nuuid = \"text\"\n",
        )
        .expect_err("five bad values");
        let lines: Vec<Option<usize>> = errors.iter().map(|error| error.line).collect();
        assert_eq!(lines, [Some(2), Some(4), Some(6), Some(8), Some(9)]);
        assert_eq!(errors[0].pointer, "types.Money");
        assert_eq!(errors[0].column, Some(9));
    }

    #[test]
    fn a_dependency_that_is_no_crate_name_is_an_error_at_its_key() {
        let errors = parse("[dependencies]\nserde = \"1\"\n\"my crate\" = \"1\"\n")
            .expect_err("a space in a crate name");
        assert_eq!(errors[0].line, Some(3));
        assert_eq!(errors[0].pointer, "dependencies.my crate");
    }

    #[test]
    fn an_unknown_schema_name_is_located_at_its_key() {
        let settings = parse("[derives]\n\"*\" = [\"Eq\"]\nPett = [\"Hash\"]\n").expect("valid");
        let error = settings.no_such_schema(&settings.derives[1].0);
        assert_eq!(error.line, Some(3));
        assert_eq!(error.column, Some(1));
        assert_eq!(error.pointer, "derives.Pett");
        assert_eq!(error.source_line.as_deref(), Some("Pett = [\"Hash\"]"));
    }

    #[test]
    fn a_missing_file_is_the_default_settings() {
        let settings = SpecSettings::read_if_present(Path::new("/nonexistent/pets.toml"))
            .expect("no file is fine");
        assert_eq!(settings, SpecSettings::default());
        assert_eq!(settings.formats, Formats::default());
    }
}
