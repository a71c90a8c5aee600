
// --- How `date-time` values are written (only in crates that use chrono) ---

/// A value that is, or holds, `date-time`s (`chrono::DateTime<FixedOffset>`), written as RFC
/// 3339 text the way APIs send it: a zero offset as `Z`, and fractional seconds only when there
/// are some, in 3, 6 or 9 digits (`2024-05-03T08:00:00Z`, `2026-03-29T01:30:00.250+02:00`).
/// chrono's own `Serialize` writes a zero offset as `+00:00`. Every other offset is written as
/// it came, so a value read and written again keeps its instant and its offset.
#[doc(hidden)]
pub trait DateTimes {
    /// Writes the value, each `date-time` in it as RFC 3339 text.
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl DateTimes for chrono::DateTime<chrono::FixedOffset> {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl<T: DateTimes> DateTimes for Option<T> {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Rfc3339(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: DateTimes> DateTimes for [T] {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Rfc3339))
    }
}

impl<T: DateTimes> DateTimes for Vec<T> {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().write(serializer)
    }
}

impl<T: DateTimes> DateTimes for std::collections::BTreeMap<String, T> {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Rfc3339(value))))
    }
}

impl<T: DateTimes + ?Sized> DateTimes for Box<T> {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).write(serializer)
    }
}

impl<T: DateTimes + ?Sized> DateTimes for &T {
    fn write<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).write(serializer)
    }
}

/// A value holding `date-time`s, serialized as [`DateTimes`] writes them: how parameters and
/// bodies of such types are sent.
#[doc(hidden)]
pub struct Rfc3339<'a, T: ?Sized>(pub &'a T);

impl<T: DateTimes + ?Sized> serde::Serialize for Rfc3339<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// `#[serde(serialize_with = "rt::date_times")]` of a model field or variant that holds
/// `date-time`s.
#[doc(hidden)]
pub fn date_times<T: DateTimes + ?Sized, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}
