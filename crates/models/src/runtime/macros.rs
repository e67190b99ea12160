//! What every generated model and open enum has in common, written once.
//!
//! The generator writes each type's definition (fields, docs) as plain
//! Rust, then one invocation of [`model!`] or [`open_enum!`] that lists the
//! fields as data. These macros expand that list into the builder, the
//! validation, the serde impls and `Clone`/`Debug`/`PartialEq`, so
//! generated files stay short and the compiler expands no derive on them.
//!
//! Every function they write is generic or `#[inline]`: the crate that
//! holds the models compiles none of them to machine code, and a consumer
//! compiles only those it calls. A cloud's worth of models costs little to
//! those who use a few of them, and rebuilds of the models crate skip
//! codegen. Bodies are straight-line calls into the runtime (no `?` per
//! field, no `concat!`): a rebuild re-reads and re-stores every body's
//! compiled form, so their size counts (`cargo xtask bench` counts it).

/// The builder, validation and serde impls of a generated struct.
///
/// ```text
/// model! {
///     Name, NameBuilder, request, ser(yes), de(full);
///     field "wire_name" Req One(Type) &[rt::Rule::MaxLength(64)];
///     list "list" Opt NestedList(ItemBuilder) &[];
/// }
/// ```
///
/// - `request` builders check every rule and build nested builders. A
///   `response` is its own builder (`NameBuilder` is an alias of it): its
///   fields are all optional, so setters fill in the value directly.
/// - `ser`/`de`: `yes`, `no`, or `full` (only with the `full-serde` feature).
/// - `secret("password", ...)`, optional: wire names of sensitive fields,
///   printed as `[REDACTED]` by `Debug`.
/// - Each field: Rust name, wire name, presence ([`Req`](super::Req) or
///   [`Opt`](super::Opt)), kind (one of [`kind`](super::kind): `One`,
///   `Many`, `Nested`, `NestedList`) with the type the builder holds, and
///   the field's rules. The setters are the generator's, written out
///   beside the model, so that their signatures (and the compiler's
///   errors about them) read as plain Rust.
///
/// A model's `Checkable` comes from its `Validate`, so the macro writes
/// only what differs from type to type.
#[doc(hidden)]
#[macro_export]
macro_rules! __model {
    (
        $name:ident, $builder:ident, $mode:ident, ser($ser:ident), de($de:ident)
            $(, secret($($secret:literal),*))?;
        $($field:ident $wire:literal $p:ident $kind:ident($item:ty) $rules:expr;)*
    ) => {
        impl $crate::runtime::Validate for $name {
            #[inline]
            fn validate_at(
                &self,
                at: &$crate::runtime::Path<'_>,
                errors: &mut $crate::runtime::ValidationErrors,
            ) {
                let _ = (&at, &errors);
                $($crate::runtime::$p::check(errors, at, $wire, &self.$field, $rules);)*
            }
        }

        $crate::__model_common!($name [$($($secret),*)?] { $($field $wire;)* });

        impl ::core::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                let _ = other;
                $(self.$field == other.$field &&)* true
            }
        }

        $crate::__model_build!($mode $name $builder [$($($secret),*)?] { $($field $wire $p $kind($item) $rules;)* });
        $crate::__model_serialize!($ser $name { $($field $wire $p;)* });
        $crate::__model_deserialize!($de $name { $($field $wire $p;)* });
    };
}

/// `build()` of a generated builder: checked for requests, plain for responses.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_build {
    (request $name:ident $builder:ident [$($secret:literal),*] {
        $($field:ident $wire:literal $p:ident $kind:ident($item:ty) $rules:expr;)*
    }) => {
        impl $name {
            /// Starts a builder: set fields, then `build()` checks every
            /// documented rule.
            #[inline]
            pub fn builder() -> $builder {
                $builder { $($field: None,)* }
            }
        }

        /// A builder: set fields, then `build()` checks every documented
        /// rule and returns the value, or every broken rule at once.
        #[must_use]
        pub struct $builder {
            $($field: ::core::option::Option<$crate::runtime::slot::$kind<$item>>,)*
        }

        $crate::__model_common!($builder [$($secret),*] { $($field $wire;)* });

        impl $builder {
            /// Builds the value, checking every documented rule. All broken
            /// rules are reported at once.
            #[inline]
            pub fn build(self) -> ::core::result::Result<$name, $crate::runtime::ValidationErrors> {
                $crate::runtime::build(self)
            }
        }

        impl $crate::runtime::Builder for $builder {
            type Value = $name;

            #[inline]
            #[allow(unreachable_patterns)]
            fn finish(
                self,
                at: &$crate::runtime::Path<'_>,
                errors: &mut $crate::runtime::ValidationErrors,
            ) -> ::core::option::Option<$name> {
                $(let $field = $crate::runtime::kind::$kind::step(
                    errors,
                    at,
                    $wire,
                    self.$field,
                    $crate::runtime::$p::REQUIRED,
                    $rules,
                );)*
                // One match, not a `?` per field: required fields must be
                // there, optional ones are taken as they are. A value with
                // broken rules may still come back: `build()` and the
                // nested kinds refuse it when `errors` has grown.
                match ($($field,)*) {
                    ($($crate::__model_present!($p $field),)*) => Some($name { $($field,)* }),
                    _ => None,
                }
            }
        }

        /// Opens a built value again for changes.
        impl ::core::convert::From<$name> for $builder {
            #[inline]
            fn from(value: $name) -> Self {
                $builder {
                    $($field: $crate::runtime::draft::$kind::$p(value.$field),)*
                }
            }
        }
    };
    // A response's fields are all optional, so it is its own builder:
    // setters fill in the value, and there is no second type to compile.
    (response $name:ident $builder:ident [$($secret:literal),*] {
        $($field:ident $wire:literal $p:ident $kind:ident($item:ty) $rules:expr;)*
    }) => {
        /// A response is its own builder: `builder()` starts from an empty
        /// value, setters fill it in, and `build()` returns it.
        pub type $builder = $name;

        impl $name {
            /// Starts from an empty value (every field unset).
            #[inline]
            pub fn builder() -> Self {
                <Self as ::core::default::Default>::default()
            }

            /// The value as set. Responses are not validated.
            #[inline]
            pub fn build(self) -> Self {
                self
            }
        }
    };
}

/// `Clone` and `Debug` of a model (whose `PartialEq` is in [`model!`]) and
/// of a request builder: what `#[derive]` would write, written here so the
/// compiler does not expand a derive per type (measurably cheaper across a
/// cloud's worth of models). `Debug` prints fields by wire name.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_common {
    ($name:ident [$($secret:literal),*] { $($field:ident $wire:literal;)* }) => {
        impl ::core::clone::Clone for $name {
            #[inline]
            fn clone(&self) -> Self {
                $name { $($field: ::core::clone::Clone::clone(&self.$field),)* }
            }
        }

        impl ::core::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::runtime::debug_struct(
                    f,
                    stringify!($name),
                    &[$(($wire, &self.$field)),*],
                    &[$($secret),*],
                )
            }
        }
    };
}

/// The pattern of a finished field in a builder's `finish` and a model's
/// `from_map`: a required field must be `Some`, an optional one is taken
/// as it is.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_present {
    (Req $field:ident) => {
        ::core::option::Option::Some($field)
    };
    (Opt $field:ident) => {
        $field
    };
}

/// `Serialize` of a generated struct: `yes`, `no`, or `full` (behind the
/// `full-serde` feature of the crate the model is generated into).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_serialize {
    (no $($rest:tt)*) => {};
    (full $($rest:tt)*) => {
        #[cfg(feature = "full-serde")]
        $crate::__model_serialize!(yes $($rest)*);
    };
    (yes $name:ident { $($field:ident $wire:literal $p:ident;)* }) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let len = 0 $(+ $crate::runtime::$p::count(&self.$field))*;
                let mut out = $crate::runtime::Writer::new(serializer, stringify!($name), len);
                $($crate::runtime::$p::write(&mut out, $wire, &self.$field);)*
                out.end()
            }
        }
    };
}

/// `Deserialize` of a generated struct: unknown fields are skipped, missing
/// optional fields and `null`s read as unset, missing required ones refused.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_deserialize {
    (no $($rest:tt)*) => {};
    (full $($rest:tt)*) => {
        #[cfg(feature = "full-serde")]
        $crate::__model_deserialize!(yes $($rest)*);
    };
    (yes $name:ident { $($field:ident $wire:literal $p:ident;)* }) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::runtime::read_model(deserializer, stringify!($name), &[$($wire),*])
            }
        }

        impl $crate::runtime::FromMap for $name {
            #[allow(unreachable_patterns)]
            fn from_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                mut map: $crate::runtime::Reader<'de, A>,
            ) -> ::core::result::Result<Self, A::Error> {
                $(let mut $field = None;)*
                while let Some(key) = map.key() {
                    match key {
                        $(Some($wire) => $crate::runtime::$p::read(&mut map, &mut $field),)*
                        _ => map.skip(),
                    }
                }
                $($crate::runtime::$p::need(&mut map, &$field, $wire);)*
                // One match, not a `?` per field (see `finish`).
                match (map.end(), $($field,)*) {
                    (Ok(()), $($crate::__model_present!($p $field),)*) => Ok($name { $($field,)* }),
                    (result, ..) => Err($crate::runtime::Reader::<A>::failed(result)),
                }
            }
        }
    };
}

/// Everything of a generated open enum but its definition: the wire
/// values, `as_str`, conversions, `Display`, serde, rule checking, and
/// equality and hashing by wire value (so `Unknown("x")` written by hand
/// equals the variant of `"x"`).
///
/// ```text
/// open_enum! {
///     Name;
///     Variant = "wire";
///     Other = "other";
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    ($name:ident; $($variant:ident = $value:literal;)*) => {
        impl $name {
            /// Every value the spec lists.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        /// From a wire value: `&str`, `String`, `Cow<str>`, ...
        impl<S: ::core::convert::AsRef<str>> ::core::convert::From<S> for $name {
            #[inline]
            fn from(value: S) -> Self {
                match value.as_ref() {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::runtime::read_enum(d).map(Self::from)
            }
        }

        impl $crate::runtime::Checkable for $name {
            #[inline]
            fn measure(&self) -> $crate::runtime::Measure<'_> {
                $crate::runtime::Measure::Text(self.as_str())
            }
        }

        /// Values are equal when their wire values are.
        impl ::core::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }
    };
}

pub use crate::{__model as model, __open_enum as open_enum};
