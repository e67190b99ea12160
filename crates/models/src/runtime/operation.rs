//! Operations as data: what the client sends and the emulator accepts.
//!
//! The generator writes one [`Operation`] per spec operation; the client
//! and the emulator both read the same descriptors, so they cannot drift.

use super::{check, Path, Rule, RuleKind, ValidationErrors, Violation};

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Header,
    Query,
}

/// One documented parameter (path, header or query) and its rules.
#[derive(Debug)]
pub struct Param {
    /// Name on the wire (`project_id`, `X-Language`).
    pub name: &'static str,
    pub location: ParamLocation,
    pub required: bool,
    pub rules: &'static [Rule],
}

/// One documented operation.
#[derive(Debug)]
pub struct Operation {
    /// Service module (`cbr`).
    pub service: &'static str,
    /// `operationId` in the spec (`ReplicateBackup`).
    pub id: &'static str,
    /// The operation's name in Huawei's official SDKs, if different.
    pub sdk_name: Option<&'static str>,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template with `{name}` placeholders.
    pub path: &'static str,
    /// The status code the docs give for success.
    pub success_status: u16,
    pub params: &'static [Param],
}

impl Operation {
    /// Checks parameter values given in the order of [`Operation::params`]
    /// (`None` for an absent one), reporting every broken rule at once
    /// under the parameter's wire name.
    ///
    /// Beyond the documented rules, a path parameter may not be empty, `.`
    /// or `..`: percent-encoding cannot stop those from changing the path
    /// (`/backups/../replicate` is `/replicate` to every server), and a
    /// signature over the rewritten path would still be valid.
    pub fn check_params(&self, values: &[Option<&str>]) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for (i, param) in self.params.iter().enumerate() {
            let value = values.get(i).copied().flatten();
            check(
                &mut errors,
                &Path::Root,
                param.name,
                value,
                param.required,
                param.rules,
            );
            if let (ParamLocation::Path, Some(v @ ("" | "." | ".."))) = (param.location, value) {
                errors.push(Violation {
                    path: param.name.to_owned(),
                    rule: RuleKind::PathSegment,
                    limit: "a value other than \"\", \".\" and \"..\"".to_owned(),
                    found: format!("{v:?}"),
                });
            }
        }
        errors.into_result()
    }

    /// The parameter called `name`, if documented.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}
