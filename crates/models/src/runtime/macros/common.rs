//! `Clone` and `Debug`, written by `model!` for models and builders.

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
