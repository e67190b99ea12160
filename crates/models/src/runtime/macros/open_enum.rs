//! `open_enum!`: everything of a generated open enum but its definition.

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
