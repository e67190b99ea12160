//! The builder half of `model!`: `builder()`, `build()`, the
//! [`Builder`](crate::runtime::Builder) impl and reopening a value. The
//! builder struct itself is the generator's, written out beside the model.

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
                $(let $field = <$crate::runtime::kind::$kind as $crate::runtime::Kind<$item>>::step(
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
                    $($field: $crate::runtime::$p::reopen::<$crate::runtime::kind::$kind, $item>(value.$field),)*
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
