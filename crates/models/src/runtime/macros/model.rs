//! `model!`: the one entry point of a generated struct's impls. It writes
//! `Validate` (for requests) and `PartialEq`, then hands the same field
//! list to the macros of the other files for the rest.

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
/// - `request` builders check every rule and build nested builders, and
///   the model implements [`Validate`](crate::runtime::Validate) through
///   them: the rules are checked in one place, the builder's `finish`. A
///   `response` is its own builder (`NameBuilder` is an alias of it): its
///   fields are all optional, so setters fill in the value directly. A
///   response implements no `Validate`: what a server sends is read
///   leniently, never refused for breaking a documented rule, so its rules
///   are documentation (on each field) rather than code to compile.
/// - `ser`/`de`: `yes`, `no`, or `full` (only with the `full-serde` feature).
/// - `secret("password", ...)`, optional: wire names of sensitive fields,
///   printed as `[REDACTED]` by `Debug`.
/// - Each field: Rust name, wire name, presence ([`Req`](crate::runtime::Req) or
///   [`Opt`](crate::runtime::Opt)), kind (one of [`Kind`](crate::runtime::Kind): `One`,
///   `Many`, `Nested`, `NestedList`) with the type the builder holds, and
///   the field's rules. The builder struct and its setters are the
///   generator's, written out beside the model, so that they (and the
///   compiler's errors about them) read as plain Rust.
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
        $crate::__model_validate!($mode $name $builder);

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
        $crate::__model_deserialize!($de $mode $name { $($field $wire $p;)* });
    };
}

/// `Validate` of a request model: the value opened again as its builder
/// and finished ([`revalidate`](crate::runtime::revalidate)), so that a
/// model checked after deserializing or by hand meets the very checks
/// `build()` runs, written once. A response has none (see [`model!`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_validate {
    (response $($rest:tt)*) => {};
    (request $name:ident $builder:ident) => {
        impl $crate::runtime::Validate for $name {
            #[inline]
            fn validate_at(
                &self,
                at: &$crate::runtime::Path<'_>,
                errors: &mut $crate::runtime::ValidationErrors,
            ) {
                $crate::runtime::revalidate::<$builder>(self, at, errors)
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
