//! Per-service cargo features, written into the crates' manifests: each
//! service of `spec/` is a feature of the models and the client (on by
//! default), so a consumer compiles only the services it uses. The block
//! sits between two marker lines in each Cargo.toml; the rest of the
//! manifest is hand-written and left alone.

use hwbackup_codegen::ir::Service;

const BEGIN: &str =
    "# @generated services: `cargo xtask regenerate` writes this block from spec/; do not edit it.";
const END: &str = "# @generated end";

/// The feature that turns on every service.
pub const ALL: &str = "all-services";

/// A client crate's default features besides its services: hwbackup-client's
/// and those of every crate `generate --client` writes.
pub const CLIENT_DEFAULTS: &[&str] = &["rustls", "unicode-rs-idna"];

/// A manifest's `default = [...]` line (without its newline).
pub fn default_line<'a>(features: impl IntoIterator<Item = &'a str>) -> String {
    format!(
        "default = [{}]",
        quoted(features.into_iter().map(str::to_owned))
    )
}

/// What a crate's block says.
pub enum Block {
    /// `[features]` lines: a feature per service (forwarded to `forward`'s
    /// feature of the same name, if any), [`ALL`] for all of them, and
    /// `default` = `also` and [`ALL`].
    Features {
        forward: Option<&'static str>,
        also: &'static [&'static str],
    },
    /// A dependency on the models with every service and `also`.
    ModelsWithEvery { also: &'static [&'static str] },
}

/// The manifests with a block, relative to the workspace root.
pub const MANIFESTS: [(&str, Block); 3] = [
    (
        "crates/models/Cargo.toml",
        Block::Features {
            forward: None,
            also: &[],
        },
    ),
    (
        "crates/client/Cargo.toml",
        Block::Features {
            forward: Some("hwbackup-models"),
            also: CLIENT_DEFAULTS,
        },
    ),
    (
        "crates/emulator/Cargo.toml",
        Block::ModelsWithEvery {
            also: &["full-serde"],
        },
    ),
];

fn quoted(names: impl Iterator<Item = String>) -> String {
    names
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn body(block: &Block, services: &[Service]) -> String {
    let modules = || services.iter().map(|s| s.module.clone());
    match block {
        Block::Features { forward, also } => {
            let mut out = format!("{}\n", default_line(also.iter().copied().chain([ALL])));
            out.push_str(&format!(
                "# Every service (the default).\n{ALL} = [{}]\n",
                quoted(modules())
            ));
            for s in services {
                let to = match forward {
                    Some(krate) => format!("{:?}", format!("{krate}/{}", s.module)),
                    None => String::new(),
                };
                out.push_str(&format!("# {}\n{} = [{to}]\n", s.title, s.module));
            }
            out
        }
        Block::ModelsWithEvery { also } => {
            let features = also.iter().map(|s| s.to_string()).chain(modules());
            format!(
                "# Serves every service, so it needs each one's models.\nhwbackup-models = {{ workspace = true, features = [{}] }}\n",
                quoted(features)
            )
        }
    }
}

/// `manifest` (its text; `file` names it in errors) with its block
/// rewritten for `services`.
pub fn rewrite(
    file: &str,
    manifest: &str,
    block: &Block,
    services: &[Service],
) -> Result<String, String> {
    let (Some(start), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        return Err(format!(
            "{file} has no generated services block: add the lines\n{BEGIN}\n{END}\nwhere it goes"
        ));
    };
    if end < start {
        return Err(format!("{file}: the services block ends before it begins"));
    }
    let mut out = String::with_capacity(manifest.len() + 256);
    out.push_str(&manifest[..start + BEGIN.len()]);
    out.push('\n');
    out.push_str(&body(block, services));
    out.push_str(&manifest[end..]);
    Ok(out)
}
