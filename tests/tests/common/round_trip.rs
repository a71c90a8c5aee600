//! `round_trip!` and `rejects!`, the checks of the round-trip tests: a model decoded from JSON
//! must encode back to the same JSON.

/// Decodes `$json` as a `$ty` from its text, as a response body is decoded, re-encodes it and
/// asserts the JSON did not change; evaluates to the decoded value.
macro_rules! round_trip {
    ($ty:ty, $json:expr) => {{
        let original: serde_json::Value = $json;
        let text = original.to_string();
        let decoded: $ty = serde_json::from_str(&text).unwrap_or_else(|error| {
            panic!("{text} does not decode as {}: {error}", stringify!($ty))
        });
        let encoded = serde_json::to_string(&decoded).expect("the value encodes");
        let reencoded: serde_json::Value =
            serde_json::from_str(&encoded).expect("the encoding is JSON");
        assert_eq!(
            reencoded,
            original,
            "{} changed on the way back",
            stringify!($ty)
        );
        decoded
    }};
}

/// Decodes `$json` as a `$ty`, which must fail; evaluates to the error message.
macro_rules! rejects {
    ($ty:ty, $json:expr) => {{
        let original: serde_json::Value = $json;
        match serde_json::from_str::<$ty>(&original.to_string()) {
            Ok(decoded) => panic!("{original} must not decode, got {decoded:?}"),
            Err(error) => error.to_string(),
        }
    }};
}
