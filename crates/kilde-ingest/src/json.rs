//! One JSON line → the six fields kilde reads, in one pass, ignoring other keys.
//!
//! Why not `serde_json::Value`: the key names are only known at run time
//! (`--field text=body`), and building a whole `Value` per line would allocate
//! every key and every ignored value. This visitor compares each key with the six
//! wanted names and skips the rest with `IgnoredAny`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Index of each kilde field in [`Fields::values`] and in `FieldNames::keys()`.
pub(crate) const ID: usize = 0;
/// See [`ID`].
pub(crate) const DATE: usize = 1;
/// See [`ID`].
pub(crate) const TITLE: usize = 2;
/// See [`ID`].
pub(crate) const SOURCE: usize = 3;
/// See [`ID`].
pub(crate) const URL: usize = 4;
/// See [`ID`].
pub(crate) const TEXT: usize = 5;

/// A wanted field's value, kept only as far as validation needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool,
    /// The number as written by `Display`, for numeric ids.
    Number(String),
    String(String),
    Array,
    Object,
}

impl Value {
    /// The JSON type with an article, for messages: `a number`, `an array`, …
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }
}

/// What one line held.
#[derive(Debug, PartialEq)]
pub(crate) enum Parsed {
    /// An object, with the wanted fields found in it (the last one wins on duplicates).
    Object(Fields),
    /// Valid JSON that is not an object; the kind, as in [`Value::kind`].
    NotObject(&'static str),
}

/// The six wanted fields of one object, indexed by [`ID`] … [`TEXT`].
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Fields {
    pub(crate) values: [Option<Value>; 6],
}

impl Fields {
    /// Takes a field's value out; `None` when absent.
    pub(crate) fn take(&mut self, idx: usize) -> Option<Value> {
        self.values.get_mut(idx).and_then(Option::take)
    }
}

/// Parses one line. `keys` are the JSON keys of the six fields, in index order.
pub(crate) fn parse_line(line: &str, keys: [&str; 6]) -> Result<Parsed, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let parsed = LineVisitor { keys }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(parsed)
}

/// serde_json's message without its ` at line L column C` suffix, and the column.
pub(crate) fn describe_error(error: &serde_json::Error) -> (String, usize) {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&suffix).map(str::to_string).unwrap_or(message);
    (message, error.column())
}

struct LineVisitor<'k> {
    keys: [&'k str; 6],
}

impl<'de> DeserializeSeed<'de> for LineVisitor<'_> {
    type Value = Parsed;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LineVisitor<'_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut fields = Fields::default();
        while let Some(mask) = map.next_key_seed(KeyVisitor { keys: self.keys })? {
            if mask == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let mut value = Some(map.next_value::<Value>()?);
            let mut remaining = mask;
            while remaining != 0 {
                let idx = remaining.trailing_zeros() as usize;
                remaining &= remaining - 1;
                // One key may feed several fields; only the last one takes the value.
                let this = if remaining == 0 { value.take() } else { value.clone() };
                if let Some(slot) = fields.values.get_mut(idx) {
                    *slot = this;
                }
            }
        }
        Ok(Parsed::Object(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::NotObject("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Parsed, E> {
        Ok(Parsed::NotObject("null"))
    }
}

/// Reads a key and answers which fields it feeds, as a bit mask by index.
struct KeyVisitor<'k> {
    keys: [&'k str; 6],
}

impl<'de> DeserializeSeed<'de> for KeyVisitor<'_> {
    type Value = u8;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u8, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyVisitor<'_> {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<u8, E> {
        let mut mask = 0;
        for (idx, wanted) in self.keys.iter().enumerate() {
            if *wanted == key {
                mask |= 1 << idx;
            }
        }
        Ok(mask)
    }
}

impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_string()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Bool)
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Value, E> {
        Ok(Value::Number(number.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [&str; 6] = ["id", "date", "title", "source", "url", "text"];

    fn check(line: &str, expected: Result<Parsed, &str>) {
        let parsed = parse_line(line, KEYS).map_err(|error| describe_error(&error).0);
        match (&parsed, &expected) {
            (Ok(actual), Ok(wanted)) => assert_eq!(actual, wanted, "{line}"),
            (Err(actual), Err(wanted)) => assert_eq!(actual, wanted, "{line}"),
            _ => panic!("{line}: got {parsed:?}, expected {expected:?}"),
        }
    }

    fn object(pairs: &[(usize, Value)]) -> Parsed {
        let mut fields = Fields::default();
        for (idx, value) in pairs {
            fields.values[*idx] = Some(value.clone());
        }
        Parsed::Object(fields)
    }

    #[test]
    fn wanted_fields_are_kept_and_others_skipped() {
        check(
            r#"{"id": 7, "tags": ["a", {"b": 1}], "text": "Dronningen \"talte\".", "url": null}"#,
            Ok(object(&[
                (ID, Value::Number("7".into())),
                (TEXT, Value::String("Dronningen \"talte\".".into())),
                (URL, Value::Null),
            ])),
        );
        check(r#"{"title": {"da": "Nyt"}}"#, Ok(object(&[(TITLE, Value::Object)])));
    }

    #[test]
    fn non_objects_are_named() {
        check("[1, 2]", Ok(Parsed::NotObject("an array")));
        check("\"tekst\"", Ok(Parsed::NotObject("a string")));
        check("null", Ok(Parsed::NotObject("null")));
    }

    #[test]
    fn syntax_errors_keep_serde_message_without_position() {
        check(r#"{"text": "a" "b"}"#, Err("expected `,` or `}`"));
        check(r#"{"text": "a"} x"#, Err("trailing characters"));
    }

    #[test]
    fn one_key_can_feed_two_fields() {
        let parsed = parse_line(
            r#"{"body": "Sne i april."}"#,
            ["id", "date", "body", "source", "url", "body"],
        );
        let Ok(Parsed::Object(mut fields)) = parsed else { panic!("{parsed:?}") };
        assert_eq!(fields.take(TITLE), Some(Value::String("Sne i april.".into())));
        assert_eq!(fields.take(TEXT), Some(Value::String("Sne i april.".into())));
    }
}
