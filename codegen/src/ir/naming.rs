//! Case conversions for names taken from the spec.

/// `destination_region`, `X-Language`, `ReplicateBackup` -> snake_case.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let boundary = c.is_ascii_uppercase()
                && i > 0
                && (chars[i - 1].is_ascii_lowercase()
                    || chars[i - 1].is_ascii_digit()
                    || (chars[i - 1].is_ascii_uppercase()
                        && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `resource_type`, `OS::VMware::Server`, `backup` -> PascalCase.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            // Keep inner capitals (`VMware` stays readable), lower all-caps words.
            let rest: String = chars.collect();
            if rest.chars().all(|c| !c.is_ascii_lowercase()) {
                out.push_str(&rest.to_ascii_lowercase());
            } else {
                out.push_str(&rest);
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// An enum value as a Rust variant: words split at punctuation and at
/// camel humps, each capitalized once (`OS::VMware::Server` ->
/// `OsVmwareServer`, `inProgress` -> `InProgress`, `BUILDING` -> `Building`),
/// so acronyms read as Rust's naming guidelines ask.
pub fn variant_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = word.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let hump = i > 0 && c.is_ascii_uppercase() && chars[i - 1].is_ascii_lowercase();
            let after_digit = i > 0 && c.is_ascii_alphabetic() && chars[i - 1].is_ascii_digit();
            if i == 0 || hump || after_digit {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake() {
        assert_eq!(snake_case("ReplicateBackup"), "replicate_backup");
        assert_eq!(snake_case("X-Language"), "x_language");
        assert_eq!(snake_case("destination_region"), "destination_region");
        assert_eq!(
            snake_case("CreateGaussMySqlBackup"),
            "create_gauss_my_sql_backup"
        );
        assert_eq!(snake_case("HTTPServer"), "http_server");
    }

    #[test]
    fn pascal() {
        assert_eq!(pascal_case("resource_type"), "ResourceType");
        assert_eq!(pascal_case("OS::VMware::Server"), "OsVMwareServer");
        assert_eq!(pascal_case("manual"), "Manual");
        assert_eq!(pascal_case("BUILDING"), "Building");
        assert_eq!(pascal_case("2x"), "V2x");
    }

    #[test]
    fn variants_read_as_rust() {
        assert_eq!(variant_name("OS::VMware::Server"), "OsVmwareServer");
        assert_eq!(variant_name("OS::Nova::Server"), "OsNovaServer");
        assert_eq!(variant_name("inProgress"), "InProgress");
        assert_eq!(variant_name("BUILDING"), "Building");
        assert_eq!(variant_name("full_backup"), "FullBackup");
        assert_eq!(variant_name("v3.0"), "V30");
        assert_eq!(variant_name("2x"), "V2X");
        assert_eq!(variant_name("-"), "V");
    }
}
