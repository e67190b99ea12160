//! Whether a field is required ([`Req`]) or optional ([`Opt`]), and all
//! that differs between the two: the model holds `T` or `Option<T>`, and
//! serializing, reading and reopening a field follow from that (checking
//! it is the builder's: `REQUIRED` and its kind's `step`).
//!
//! Generated code names the presence of each field once (`Req` or `Opt`
//! in its `model!` entry); every line the macro writes for that field
//! calls one of the functions here, so they are the whole difference,
//! but for two lines with nothing to call: a required field counts 1 in
//! `Serialize` (`__model_count!`) and an optional one needs no
//! missing-field check (`__model_need!`).

use serde::de::{self, MapAccess};
use serde::{Deserialize, Serialize, Serializer};

use super::{Kind, Reader, Writer};

/// A required field: the model holds `T`, a builder `Option<T>`.
pub struct Req;

/// An optional field: the model holds `Option<T>`, as does a builder.
pub struct Opt;

impl Req {
    pub const REQUIRED: bool = true;

    /// One line of a generated `Serialize`.
    pub fn write<S: Serializer, T: Serialize>(w: &mut Writer<S>, key: &'static str, value: &T) {
        w.field(key, value)
    }

    /// One arm of a generated `from_map`: the field's value.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        r: &mut Reader<'de, A>,
        slot: &mut Option<T>,
    ) {
        if let Some(v) = r.value() {
            *slot = Some(v);
        }
    }

    /// Once the whole map is read: a missing required field is an error.
    pub fn need<'de, A: MapAccess<'de>, T>(
        r: &mut Reader<'de, A>,
        slot: &Option<T>,
        key: &'static str,
    ) {
        if slot.is_none() {
            r.fail(|| de::Error::missing_field(key));
        }
    }

    /// One field of a generated `From<Model> for Builder`: what the
    /// builder holds for the built value (a nested model opened again).
    pub fn reopen<K: Kind<T>, T>(value: K::Built) -> Option<K::Held> {
        Some(K::reopen(value))
    }
}

impl Opt {
    pub const REQUIRED: bool = false;

    /// How many entries the field adds to the serialized map.
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

    /// One arm of a generated `from_map`: `null` reads as unset.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        r: &mut Reader<'de, A>,
        slot: &mut Option<T>,
    ) {
        if let Some(v) = r.value::<Option<T>>() {
            *slot = v;
        }
    }

    /// One field of a generated `From<Model> for Builder`.
    pub fn reopen<K: Kind<T>, T>(value: Option<K::Built>) -> Option<K::Held> {
        value.map(K::reopen)
    }
}
