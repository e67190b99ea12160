//! What the emulator knows: its keys and tokens, its handlers, its
//! limits, and the calls it has received.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;

use super::Handler;

/// Access key the emulator accepts unless configured otherwise.
pub const DEFAULT_ACCESS_KEY: &str = "EMULATORACCESSKEY000";
/// Its secret key.
pub const DEFAULT_SECRET_KEY: &str = "emulator-secret-key";
/// The project those keys (and the default token) belong to.
pub const DEFAULT_PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Token the emulator accepts unless configured otherwise.
pub const DEFAULT_TOKEN: &str = "emulator-token";

/// An access key pair and the project it belongs to.
#[derive(Clone, Debug)]
pub struct Key {
    pub access_key: String,
    pub secret_key: SecretString,
    pub project_id: String,
}

impl Key {
    pub fn new(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        project_id: impl Into<String>,
    ) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
            project_id: project_id.into(),
        }
    }
}

/// One request the emulator accepted (authenticated and valid).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RecordedCall {
    /// Service module (`cbr`).
    pub service: &'static str,
    /// `operationId` (`ReplicateBackup`).
    pub operation: &'static str,
    /// The project the credentials belong to.
    pub project_id: String,
    /// HTTP method and the path as received (still percent-encoded).
    pub method: String,
    pub path: String,
    /// The query string as received (still percent-encoded; empty if none).
    pub query: String,
    /// Headers as received, names in lower case; `X-Auth-Token` and
    /// `X-Security-Token` values are replaced by `[REDACTED]`, and so is
    /// the `Signature=` of `Authorization` (replayable while its date is fresh).
    pub headers: Vec<(String, String)>,
    /// Path parameters by name, decoded.
    pub path_params: Vec<(String, String)>,
    /// The request body as JSON.
    pub body: Value,
}

pub(crate) struct State {
    pub(crate) keys: Vec<Key>,
    /// Token -> project.
    pub(crate) tokens: Vec<(SecretString, String)>,
    pub(crate) handlers: Mutex<HashMap<String, Arc<dyn Handler>>>,
    pub(crate) calls: Mutex<CallLog>,
    pub(crate) limits: Limits,
    /// The service that answers, at the root, a path several share.
    pub(crate) root_service: Option<String>,
    /// Records of what was created, per project and collection.
    pub(crate) store: Mutex<super::resources::Store>,
    /// Documented examples only, no records ([`EmulatorBuilder::stateless`]).
    ///
    /// [`EmulatorBuilder::stateless`]: super::EmulatorBuilder::stateless
    pub(crate) stateless: bool,
    /// Asynchronous work and its clock.
    pub(crate) jobs: Mutex<super::jobs::Jobs>,
}

/// How much the emulator lets one client hold, and for how long.
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// A connection must deliver a whole request head within this time,
    /// from when it opens or finishes its last answer (idle included).
    pub(crate) header_timeout: Duration,
    /// A request's body must arrive whole within this time.
    pub(crate) body_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog.
    pub(crate) max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// The accepted calls: the newest `capacity` kept in full, and a count of
/// every call per operation (what handlers see as `previous_calls`).
pub(crate) struct CallLog {
    pub(crate) recent: VecDeque<RecordedCall>,
    pub(crate) capacity: usize,
    counts: HashMap<(&'static str, &'static str), usize>,
}

impl CallLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            recent: VecDeque::new(),
            capacity,
            counts: HashMap::new(),
        }
    }

    /// Records `call` (dropping the oldest past capacity); returns how many
    /// calls of the same operation came before it. Constant time.
    pub(crate) fn push(&mut self, call: RecordedCall) -> usize {
        let count = self
            .counts
            .entry((call.service, call.operation))
            .or_default();
        let previous = *count;
        *count += 1;
        if self.capacity > 0 {
            if self.recent.len() == self.capacity {
                self.recent.pop_front();
            }
            self.recent.push_back(call);
        }
        previous
    }
}

/// The state every route shares.
pub type Shared = Arc<State>;

impl State {
    pub(crate) fn handler(&self, operation: &str) -> Option<Arc<dyn Handler>> {
        lock(&self.handlers).get(operation).cloned()
    }
}

/// Locks, recovering from a poisoned lock (a handler that panicked).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
