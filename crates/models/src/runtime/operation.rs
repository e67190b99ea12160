//! Operations as data: what the client sends and the emulator accepts.
//!
//! The generator writes one [`Operation`] per spec operation; the client
//! and the emulator both read the same descriptors, so they cannot drift.

use super::{Rule, Shape};

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
    /// One scalar or a list, and how a list is written.
    pub shape: Shape,
    pub required: bool,
    /// A secret: its header is marked sensitive and never logged.
    pub sensitive: bool,
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
    /// Parameters in a fixed order: generated requests hold their values
    /// in the same order.
    pub params: &'static [Param],
    /// Wire names of the sensitive fields in the bodies (sorted): their
    /// values are left out of body logs.
    pub sensitive_fields: &'static [&'static str],
}

impl Operation {
    /// The parameter called `name`, if documented.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Whether repeating the call has the effect of making it once (GET,
    /// PUT, DELETE, HEAD, OPTIONS): such calls are retried after a failure
    /// that may have reached the server.
    pub fn is_idempotent(&self) -> bool {
        matches!(self.method, "GET" | "PUT" | "DELETE" | "HEAD" | "OPTIONS")
    }
}
