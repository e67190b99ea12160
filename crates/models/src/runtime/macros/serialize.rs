//! The `Serialize` half of `model!`.

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
                let len = 0 $(+ $crate::__model_count!($p self.$field))*;
                let mut out = $crate::runtime::Writer::new(serializer, stringify!($name), len);
                $($crate::runtime::$p::write(&mut out, $wire, &self.$field);)*
                out.end()
            }
        }
    };
}

/// How many entries a field adds to its model's serialized map: a
/// required one the constant 1 (no call to compile), an optional one 1
/// when set.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_count {
    (Req $value:expr) => {
        1
    };
    (Opt $value:expr) => {
        $crate::runtime::Opt::count(&$value)
    };
}
