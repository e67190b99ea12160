//! Impls every generated open enum shares, kept here so that generated
//! files stay short.

/// Serde, `Display` and rule-checking impls for a generated open enum, which
/// provides `as_str(&self) -> &str` and `From<&str>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(text.as_ref()))
            }
        }

        impl $crate::runtime::Checkable for $name {
            fn measure(&self) -> $crate::runtime::Measure<'_> {
                $crate::runtime::Measure::Text(self.as_str())
            }
        }
    };
}

/// The rule-checking impl of a generated model: recurse into its fields.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_impls {
    ($name:ident) => {
        impl $crate::runtime::Checkable for $name {
            fn measure(&self) -> $crate::runtime::Measure<'_> {
                $crate::runtime::Measure::Opaque
            }

            fn check_inner(
                &self,
                at: &$crate::runtime::Path<'_>,
                errors: &mut $crate::runtime::ValidationErrors,
            ) {
                $crate::runtime::Validate::validate_at(self, at, errors)
            }
        }
    };
}

pub use crate::{__model_impls as model_impls, __open_enum_impls as open_enum_impls};
