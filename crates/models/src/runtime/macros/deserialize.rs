//! The `Deserialize` half of `model!`, through
//! [`FromMap`](crate::runtime::FromMap).

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
    // A response's fields are all optional and it has a `Default`: each
    // one is read straight into its place, with no slot to hold and no
    // required field to look for.
    (yes response $name:ident { $($field:ident $wire:literal $p:ident;)* }) => {
        $crate::__model_deserialize!(@impl $name [$($wire),*]);

        impl $crate::runtime::FromMap for $name {
            #[allow(unreachable_patterns)]
            fn from_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                mut map: $crate::runtime::Reader<'de, A>,
            ) -> ::core::result::Result<Self, A::Error> {
                let mut value = <$name as ::core::default::Default>::default();
                $crate::__model_deserialize!(@read map { $($wire $p value.$field;)* });
                map.end().map(|()| value)
            }
        }
    };
    (yes request $name:ident { $($field:ident $wire:literal $p:ident;)* }) => {
        $crate::__model_deserialize!(@impl $name [$($wire),*]);

        impl $crate::runtime::FromMap for $name {
            #[allow(unreachable_patterns)]
            fn from_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                mut map: $crate::runtime::Reader<'de, A>,
            ) -> ::core::result::Result<Self, A::Error> {
                $(let mut $field = None;)*
                $crate::__model_deserialize!(@read map { $($wire $p $field;)* });
                $($crate::__model_need!($p map $field $wire);)*
                // One match, not a `?` per field (see `finish`).
                match (map.end(), $($field,)*) {
                    (Ok(()), $($crate::__model_present!($p $field),)*) => Ok($name { $($field,)* }),
                    (result, ..) => Err($crate::runtime::Reader::<A>::failed(result)),
                }
            }
        }
    };
    // The read loop of both: each known key's value into its slot,
    // unknown keys skipped.
    (@read $map:ident { $($wire:literal $p:ident $slot:expr;)* }) => {
        while let Some(key) = $map.key() {
            match key {
                $(Some($wire) => $crate::runtime::$p::read(&mut $map, &mut $slot),)*
                _ => $map.skip(),
            }
        }
    };
    (@impl $name:ident [$($wire:literal),*]) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::runtime::read_model(deserializer, stringify!($name), &[$($wire),*])
            }
        }
    };
}

/// A required field's check in a request's `from_map`, once the map is
/// read: missing is an error naming it. An optional one has no line.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_need {
    (Req $map:ident $field:ident $wire:literal) => {
        $crate::runtime::Req::need(&mut $map, &$field, $wire)
    };
    (Opt $($rest:tt)*) => {};
}
