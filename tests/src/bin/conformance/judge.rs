//! Judges the report lines of one spec's driver runs: was each operation called, did Prism accept
//! the request, did the answer decode into the generated type, and did it survive the round trip.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use generator::ir::Service;

use super::compare::{compare, Difference, DifferenceKind};
use super::document::RawOperation;

/// The counts of the report line `conformance: <file>: …`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub operations: usize,
    pub called: usize,
    pub accepted: usize,
    pub responses: usize,
    pub decoded: usize,
    pub equal: usize,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.operations += other.operations;
        self.called += other.called;
        self.accepted += other.accepted;
        self.responses += other.responses;
        self.decoded += other.decoded;
        self.equal += other.equal;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} called, {}/{} accepted, {}/{} decoded, {}/{} round-trip",
            self.called,
            self.operations,
            self.accepted,
            self.called,
            self.decoded,
            self.responses,
            self.equal,
            self.decoded
        )
    }
}

/// Why a call failed, the key of an expected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// No request reached Prism: an argument could not be built, the client refused to build
    /// the request, or it could not be sent.
    NotCalled,
    /// Prism found the request breaks the spec (`sl-violations`).
    Rejected,
    /// Prism could not answer: it stopped, routed the request nowhere, or its own answer breaks
    /// the spec. The request counts as accepted when Prism validated it before failing.
    PrismError,
    /// The answer's status is not one the generated client knows for the operation.
    UndocumentedStatus,
    /// The answer did not decode into the generated type.
    Decode,
    /// The decoded value, encoded again, differs from what arrived.
    RoundTrip,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::NotCalled,
        Class::Rejected,
        Class::PrismError,
        Class::UndocumentedStatus,
        Class::Decode,
        Class::RoundTrip,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::NotCalled => "not-called",
            Class::Rejected => "rejected",
            Class::PrismError => "prism-error",
            Class::UndocumentedStatus => "undocumented-status",
            Class::Decode => "decode",
            Class::RoundTrip => "round-trip",
        }
    }

    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|class| class.name() == name)
    }
}

/// One failed call.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub operation: String,
    pub dynamic: bool,
    pub class: Class,
    pub message: String,
}

/// What one spec came to.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub tally: Tally,
    pub failures: Vec<Failure>,
    /// Properties the schema does not declare that arrived and were dropped (not failures).
    pub undeclared: Vec<String>,
    /// Values that came out as the same value in other text (not failures): a date-time of
    /// the same instant and offset, a UUID in other case.
    pub respelled: Vec<String>,
}

/// Judges the report lines of the static and the dynamic run of one spec's driver.
pub fn judge(service: &Service, root: &Value, reports: &[Value]) -> Verdict {
    let mut verdict = Verdict {
        tally: Tally {
            operations: service.operations.len(),
            ..Tally::default()
        },
        ..Verdict::default()
    };
    let mut by_operation: BTreeMap<(&str, bool), &Value> = BTreeMap::new();
    for report in reports {
        if let (Some(operation), Some(dynamic)) = (
            report.get("operation").and_then(Value::as_str),
            report.get("dynamic").and_then(Value::as_bool),
        ) {
            by_operation.insert((operation, dynamic), report);
        }
    }
    for operation in &service.operations {
        let name = operation.fn_name.trim_start_matches("r#");
        let raw = RawOperation::find(root, operation);
        let mut called = true;
        let mut accepted = true;
        for dynamic in [false, true] {
            let fail = |class: Class, message: String| Failure {
                operation: name.to_string(),
                dynamic,
                class,
                message,
            };
            let Some(report) = by_operation.get(&(name, dynamic)) else {
                called = false;
                accepted = false;
                verdict.failures.push(fail(
                    Class::NotCalled,
                    "no report: the driver stopped before this call".to_string(),
                ));
                continue;
            };
            let outcome = report["outcome"].as_str().unwrap_or_default();
            let detail = &report["detail"];
            let Some(exchange) = report.get("exchange").filter(|e| e.is_object()) else {
                called = false;
                accepted = false;
                verdict.failures.push(fail(
                    Class::NotCalled,
                    format!("{outcome}: {}", text_of(detail)),
                ));
                continue;
            };
            let status = exchange["status"].as_u64().unwrap_or(0) as u16;
            if let Some(error) = exchange["forward_error"].as_str() {
                accepted = false;
                verdict
                    .failures
                    .push(fail(Class::PrismError, error.to_string()));
                continue;
            }
            let body = exchange["body"].as_str().unwrap_or_default();
            if let Some(violations) = exchange["violations"].as_str() {
                // The request passed when Prism only finds fault with its own answer.
                if only_about_the_response(violations) {
                    verdict.failures.push(fail(
                        Class::PrismError,
                        format!(
                            "{status}: Prism's own generated answer breaks the spec: {violations}"
                        ),
                    ));
                    continue;
                }
                accepted = false;
                let sent = exchange["request_body"].as_str().unwrap_or_default();
                verdict.failures.push(fail(
                    Class::Rejected,
                    format!(
                        "{} {} → {status}: {violations}{}",
                        exchange["method"].as_str().unwrap_or_default(),
                        exchange["uri"].as_str().unwrap_or_default(),
                        if sent.is_empty() {
                            String::new()
                        } else {
                            format!(" (body sent: {})", excerpt(sent))
                        }
                    ),
                ));
                continue;
            }
            if let Some(problem) = unprocessable(exchange) {
                accepted = false;
                verdict.failures.push(fail(Class::Rejected, problem));
                continue;
            }
            if let Some(problem) = prism_problem(exchange) {
                // A content type Prism does not take for this operation: the request refused,
                // as the same refusal listed in `sl-violations` is.
                if problem.starts_with("INVALID_CONTENT_TYPE") {
                    accepted = false;
                    verdict
                        .failures
                        .push(fail(Class::Rejected, format!("{status} {problem}")));
                    continue;
                }
                // Prism answers these before it validates the request; the others after.
                let unrouted = ["NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR"];
                if unrouted.iter().any(|kind| problem.starts_with(kind)) {
                    accepted = false;
                }
                verdict
                    .failures
                    .push(fail(Class::PrismError, format!("{status} {problem}")));
                continue;
            }
            verdict.tally.responses += 1;
            match outcome {
                "decoded" | "text" => {
                    verdict.tally.decoded += 1;
                    let received = if outcome == "text" {
                        Some(Value::String(body.to_string()))
                    } else if body.trim().is_empty() {
                        Some(Value::Null)
                    } else {
                        serde_json::from_str(body).ok()
                    };
                    let encoded = if outcome == "text" {
                        Some(detail.clone())
                    } else {
                        detail.get("value").filter(|v| !v.is_null()).cloned()
                    };
                    let differences: Vec<Difference> = match (received, encoded) {
                        (Some(received), Some(encoded)) => {
                            let content_type = exchange["content_type"].as_str();
                            let schema = raw
                                .as_ref()
                                .and_then(|raw| raw.response_schema(status, content_type));
                            compare(root, schema, &received, &encoded)
                        }
                        // No comparable JSON: a body the type does not hold (none, bytes).
                        _ => Vec::new(),
                    };
                    let (losses, apart): (Vec<_>, Vec<_>) =
                        differences.into_iter().partition(Difference::is_loss);
                    for difference in apart {
                        let note = format!("{name} ({status}): {difference}");
                        match difference.kind {
                            DifferenceKind::Respelled { .. } => verdict.respelled.push(note),
                            _ => verdict.undeclared.push(note),
                        }
                    }
                    if losses.is_empty() {
                        verdict.tally.equal += 1;
                    } else {
                        let listed: Vec<String> =
                            losses.iter().take(5).map(ToString::to_string).collect();
                        let more = losses.len().saturating_sub(5);
                        verdict.failures.push(fail(
                            Class::RoundTrip,
                            format!(
                                "{status}: {}{}",
                                listed.join("; "),
                                if more > 0 {
                                    format!("; … {more} more")
                                } else {
                                    String::new()
                                }
                            ),
                        ));
                    }
                }
                "unexpected_status" => verdict.failures.push(fail(
                    Class::UndocumentedStatus,
                    format!("status {status} is not documented: {}", excerpt(body)),
                )),
                _ => verdict.failures.push(fail(
                    Class::Decode,
                    format!(
                        "{status} {outcome}: {} (body: {})",
                        text_of(detail),
                        excerpt(body)
                    ),
                )),
            }
        }
        if called {
            verdict.tally.called += 1;
        }
        if called && accepted {
            verdict.tally.accepted += 1;
        }
    }
    verdict
}

/// Whether every violation Prism lists is about its answer (`location` starts with `response`):
/// the request was fine, and the mock's generated data broke the spec (e.g. it ignores a
/// discriminator and fills the tag with another enum value).
fn only_about_the_response(violations: &str) -> bool {
    let Ok(Value::Array(list)) = serde_json::from_str::<Value>(violations) else {
        return false;
    };
    !list.is_empty()
        && list.iter().all(|violation| {
            violation.pointer("/location/0").and_then(Value::as_str) == Some("response")
        })
}

/// Prism's `UNPROCESSABLE_ENTITY` answer: the request breaks the spec, and as the operation
/// documents no 422, Prism lists the violations in the body instead of `sl-violations`.
fn unprocessable(exchange: &Value) -> Option<String> {
    let body: Value = serde_json::from_str(exchange["body"].as_str()?).ok()?;
    let kind = body.get("type")?.as_str()?;
    if !kind.ends_with("#UNPROCESSABLE_ENTITY") {
        return None;
    }
    let sent = exchange["request_body"].as_str().unwrap_or_default();
    Some(format!(
        "{} {} → {}: {}{}",
        exchange["method"].as_str().unwrap_or_default(),
        exchange["uri"].as_str().unwrap_or_default(),
        exchange["status"],
        body.get("validation")
            .map(Value::to_string)
            .unwrap_or_default(),
        if sent.is_empty() {
            String::new()
        } else {
            format!(" (body sent: {})", excerpt(sent))
        }
    ))
}

/// Prism's own error answer (`application/problem+json` with a Prism error type), if it is one.
fn prism_problem(exchange: &Value) -> Option<String> {
    let content_type = exchange["content_type"].as_str()?;
    if !content_type.starts_with("application/problem+json") {
        return None;
    }
    let body: Value = serde_json::from_str(exchange["body"].as_str()?).ok()?;
    let kind = body.get("type")?.as_str()?;
    let kind = kind.strip_prefix("https://stoplight.io/prism/errors#")?;
    let detail = body
        .get("detail")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Some(format!("{kind}: {}", excerpt(detail)))
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => excerpt(text),
        other => excerpt(&other.to_string()),
    }
}

fn excerpt(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > 300 {
        let cut: String = one_line.chars().take(300).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {"get": {"operationId": "list_pets", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}}"#;

    fn service_and_root() -> (Service, Value) {
        let path = std::path::Path::new("pets.json");
        let loaded = generator::load::parse(path, SPEC.to_string()).unwrap();
        let service = generator::lower::lower(&loaded, "pets", "pets.json", &Default::default())
            .unwrap()
            .service;
        (service, serde_json::from_str(SPEC).unwrap())
    }

    fn report(
        dynamic: bool,
        status: u16,
        violations: Option<&str>,
        body: &str,
        value: Value,
    ) -> Value {
        json!({
            "index": 0, "operation": "list_pets", "dynamic": dynamic, "outcome": "decoded",
            "detail": { "variant": "success", "value": value },
            "exchange": { "method": "GET", "uri": "/pets", "request_body": "", "status": status,
                "content_type": "application/json", "violations": violations, "body": body }
        })
    }

    #[test]
    fn a_call_accepted_and_decoded_in_both_modes_counts_everywhere() {
        let (service, root) = service_and_root();
        let reports = [
            report(
                false,
                200,
                None,
                r#"{"name":"Rex"}"#,
                json!({ "name": "Rex" }),
            ),
            report(
                true,
                200,
                None,
                r#"{"name":"x","extra":1}"#,
                json!({ "name": "x" }),
            ),
        ];
        let verdict = judge(&service, &root, &reports);
        assert_eq!(
            verdict.tally.to_string(),
            "1/1 called, 1/1 accepted, 2/2 decoded, 2/2 round-trip"
        );
        assert!(verdict.failures.is_empty());
        assert_eq!(
            verdict.undeclared,
            vec!["list_pets (200): /extra: not declared by the schema, dropped"]
        );
    }

    #[test]
    fn a_value_re_encoded_in_other_text_is_a_note_and_a_round_trip() {
        let (service, root) = service_and_root();
        let reports = [
            report(
                false,
                200,
                None,
                r#"{"name":"2024-05-03T08:00:00.000Z"}"#,
                json!({ "name": "2024-05-03T08:00:00Z" }),
            ),
            report(
                true,
                200,
                None,
                r#"{"name":"2024-05-03T10:00:00+02:00"}"#,
                json!({ "name": "2024-05-03T08:00:00Z" }),
            ),
        ];
        let verdict = judge(&service, &root, &reports);
        assert_eq!(
            verdict.respelled,
            vec![
                r#"list_pets (200): /name: received "2024-05-03T08:00:00.000Z", re-encoded as "2024-05-03T08:00:00Z""#
            ]
        );
        assert!(verdict.undeclared.is_empty());
        // The same instant at another offset is a failure.
        assert_eq!(verdict.failures.len(), 1);
        assert_eq!(verdict.failures[0].class, Class::RoundTrip);
        assert!(verdict.failures[0].dynamic);
    }

    #[test]
    fn a_request_prism_refuses_is_called_but_not_accepted() {
        let (service, root) = service_and_root();
        let violation = r#"[{"location":["request","query","limit"],"code":"type","message":"m"}]"#;
        let reports = [
            report(false, 422, Some(violation), "{}", json!({})),
            report(true, 200, None, r#"{"name":"x"}"#, json!({ "name": "y" })),
        ];
        let verdict = judge(&service, &root, &reports);
        assert_eq!(
            verdict.tally.to_string(),
            "1/1 called, 0/1 accepted, 1/1 decoded, 0/1 round-trip"
        );
        let classes: Vec<Class> = verdict
            .failures
            .iter()
            .map(|failure| failure.class)
            .collect();
        assert_eq!(classes, vec![Class::Rejected, Class::RoundTrip]);
    }

    #[test]
    fn a_body_whose_content_type_prism_does_not_take_is_rejected() {
        let (service, root) = service_and_root();
        let problem = json!({
            "type": "https://stoplight.io/prism/errors#INVALID_CONTENT_TYPE",
            "status": 415,
            "detail": "No supported content types, but request included a non-empty body"
        });
        let mut refused = report(false, 415, None, &problem.to_string(), Value::Null);
        refused["exchange"]["content_type"] = json!("application/problem+json");
        let reports = [
            refused,
            report(true, 200, None, r#"{"name":"x"}"#, json!({ "name": "x" })),
        ];
        let verdict = judge(&service, &root, &reports);
        assert_eq!(
            verdict.tally.to_string(),
            "1/1 called, 0/1 accepted, 1/1 decoded, 1/1 round-trip"
        );
        assert_eq!(verdict.failures[0].class, Class::Rejected);
        assert!(
            verdict.failures[0]
                .message
                .starts_with("415 INVALID_CONTENT_TYPE: No supported"),
            "{}",
            verdict.failures[0].message
        );
    }

    #[test]
    fn the_tally_prints_as_the_report_line_asks() {
        let tally = Tally {
            operations: 5,
            called: 4,
            accepted: 3,
            responses: 6,
            decoded: 5,
            equal: 4,
        };
        assert_eq!(
            tally.to_string(),
            "4/5 called, 3/4 accepted, 5/6 decoded, 4/5 round-trip"
        );
    }

    #[test]
    fn violations_of_the_answer_alone_are_prisms_and_of_the_request_ours() {
        let answer = r#"[{"location":["response","body","kind"],"code":"enum","message":"m"}]"#;
        let request = r#"[{"location":["request","body"],"code":"type","message":"m"},
            {"location":["response","body"],"code":"enum","message":"m"}]"#;
        assert!(only_about_the_response(answer));
        assert!(!only_about_the_response(request));
        assert!(!only_about_the_response("not json"));
    }

    #[test]
    fn every_class_is_found_by_its_name() {
        for class in Class::ALL {
            assert_eq!(Class::from_name(class.name()), Some(class));
        }
        assert_eq!(Class::from_name("flaky"), None);
    }
}
