//! The generic half of every generated serde impl: fields are written and
//! read by name, optional fields left out when unset, unknown fields
//! skipped. Generated models call this through the runtime's `model!`
//! macro instead of `serde_derive`, which costs far more to compile; what
//! differs between a required and an optional field is in `presence.rs`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// Writes a model as a struct of its fields, keeping the first error, so a
/// generated `Serialize` is one plain call per field with no `?` (branches
/// the compiler would otherwise build, check and store for every field).
pub struct Writer<S: Serializer> {
    out: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the struct `name` of `len` fields.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Self {
        Self {
            out: serializer.serialize_struct(name, len),
        }
    }

    pub(super) fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(out) = &mut self.out {
            if let Err(e) = out.serialize_field(key, value) {
                self.out = Err(e);
            }
        }
    }

    pub(super) fn skip(&mut self, key: &'static str) {
        if let Ok(out) = &mut self.out {
            if let Err(e) = out.skip_field(key) {
                self.out = Err(e);
            }
        }
    }

    /// Ends the struct, or returns the first error met.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.out?.end()
    }
}

/// Reads a map key as one of a model's field names, without allocating;
/// `None` for a key the model does not know.
pub struct FieldKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldKey {
    type Value = Option<&'static str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldKey {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().find(|name| **name == v).copied())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().find(|name| name.as_bytes() == v).copied())
    }
}

/// Reads a model's map of fields, keeping the first error, so a generated
/// `from_map` is one plain call per field with no `?` (see [`Writer`]).
/// After an error, no more keys are read.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    fields: &'static [&'static str],
    error: Option<A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// Reads `map` as a model whose fields are `fields` (wire names).
    pub fn new(map: A, fields: &'static [&'static str]) -> Self {
        Self {
            map,
            fields,
            error: None,
            de: PhantomData,
        }
    }

    /// The next key: `Some(None)` for a key the model does not know,
    /// `None` at the end of the map or after an error.
    pub fn key(&mut self) -> Option<Option<&'static str>> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key_seed(FieldKey(self.fields)) {
            Ok(key) => key,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    pub(super) fn value<T: Deserialize<'de>>(&mut self) -> Option<T> {
        match self.map.next_value() {
            Ok(v) => Some(v),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Skips the value of a key the model does not know.
    pub fn skip(&mut self) {
        let _ = self.value::<de::IgnoredAny>();
    }

    pub(super) fn fail(&mut self, error: impl FnOnce() -> A::Error) {
        if self.error.is_none() {
            self.error = Some(error());
        }
    }

    /// The first error met, if any.
    pub fn end(self) -> Result<(), A::Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The error of a map that did not make a model: the one recorded (a
    /// required field that was never set always records one).
    pub fn failed(result: Result<(), A::Error>) -> A::Error {
        match result {
            Err(e) => e,
            Ok(()) => de::Error::custom("a required field is missing"),
        }
    }
}

/// A model read from a map of its fields: what each generated
/// `Deserialize` delegates to, through [`read_model`].
pub trait FromMap: Sized {
    fn from_map<'de, A: MapAccess<'de>>(map: Reader<'de, A>) -> Result<Self, A::Error>;
}

/// Deserializes the model `name` as a struct (a JSON object) of the
/// fields `fields` (wire names).
pub fn read_model<'de, M: FromMap, D: de::Deserializer<'de>>(
    d: D,
    name: &'static str,
    fields: &'static [&'static str],
) -> Result<M, D::Error> {
    d.deserialize_struct(
        name,
        fields,
        Fields {
            name,
            fields,
            model: PhantomData,
        },
    )
}

/// The one visitor of every generated model.
struct Fields<M> {
    name: &'static str,
    fields: &'static [&'static str],
    model: PhantomData<M>,
}

impl<'de, M: FromMap> Visitor<'de> for Fields<M> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<M, A::Error> {
        M::from_map(Reader::new(map, self.fields))
    }
}

/// The body of a generated `Debug`: the struct's name and its fields by
/// wire name, as `#[derive(Debug)]` would print them, except the
/// `secrets` (sensitive fields, by wire name), which print `[REDACTED]`.
pub fn debug_struct(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    fields: &[(&str, &dyn fmt::Debug)],
    secrets: &[&str],
) -> fmt::Result {
    let mut out = f.debug_struct(name);
    for (key, value) in fields {
        if secrets.contains(key) {
            out.field(key, &Redacted);
        } else {
            out.field(key, value);
        }
    }
    out.finish()
}

/// What a sensitive value prints as.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// Reads an enum's wire value, borrowing from the input when it can.
pub fn read_enum<'de, D: de::Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = Cow<'de, str>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
    }

    d.deserialize_str(Text)
}
