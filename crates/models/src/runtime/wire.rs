//! The generic half of every generated serde impl: fields are written and
//! read by name, optional fields left out when unset, unknown fields
//! skipped. Generated models call this through the runtime's `model!`
//! macro instead of `serde_derive`, which costs far more to compile.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{Opt, Req};

impl Req {
    /// How many entries the field adds to the serialized map.
    pub fn count<T>(_: &T) -> usize {
        1
    }

    /// One line of a generated `Serialize`.
    pub fn write<S: Serializer, T: Serialize>(w: &mut Writer<S>, key: &'static str, value: &T) {
        w.field(key, value)
    }

    /// The field's value once the whole map is read: missing is an error.
    pub fn read<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(key))
    }
}

impl Opt {
    pub fn count<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// One line of a generated `Serialize`: an unset field is left out.
    pub fn write<S: Serializer, T: Serialize>(
        w: &mut Writer<S>,
        key: &'static str,
        value: &Option<T>,
    ) {
        match value {
            Some(v) => w.field(key, v),
            None => w.skip(key),
        }
    }

    /// Missing and `null` both read as unset.
    pub fn read<T, E: de::Error>(
        value: Option<Option<T>>,
        _: &'static str,
    ) -> Result<Option<T>, E> {
        Ok(value.flatten())
    }
}

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

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(out) = &mut self.out {
            if let Err(e) = out.serialize_field(key, value) {
                self.out = Err(e);
            }
        }
    }

    fn skip(&mut self, key: &'static str) {
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

/// A model read from a map of its fields: what each generated
/// `Deserialize` delegates to, through [`read_model`].
pub trait FromMap: Sized {
    /// The model's name, for error messages.
    const NAME: &'static str;

    /// The wire names of the model's fields.
    const FIELDS: &'static [&'static str];

    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a model as a struct (a JSON object) of its fields.
pub fn read_model<'de, M: FromMap, D: de::Deserializer<'de>>(d: D) -> Result<M, D::Error> {
    d.deserialize_struct(M::NAME, M::FIELDS, Fields(PhantomData))
}

/// The one visitor of every generated model.
struct Fields<M>(PhantomData<M>);

impl<'de, M: FromMap> Visitor<'de> for Fields<M> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", M::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<M, A::Error> {
        M::from_map(map)
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
