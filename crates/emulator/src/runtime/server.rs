//! Starting and stopping the emulator, in-process or as a binary.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::serve::error;
use super::state::{lock, Key, RecordedCall, Shared, State};
use super::state::{DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, DEFAULT_TOKEN};
use super::Handler;

/// A running emulator. Stops when dropped.
pub struct Emulator {
    addr: SocketAddr,
    state: Shared,
    task: JoinHandle<()>,
}

/// Keys, tokens, handlers and the address of an emulator to start.
#[must_use]
pub struct EmulatorBuilder {
    keys: Vec<Key>,
    tokens: Vec<(SecretString, String)>,
    handlers: HashMap<String, Arc<dyn Handler>>,
    listen: SocketAddr,
}

impl Default for EmulatorBuilder {
    /// The default key pair and token, on 127.0.0.1 at a free port.
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            tokens: Vec::new(),
            handlers: HashMap::new(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl EmulatorBuilder {
    /// Accepts requests signed with this key pair, for its project.
    /// Without any `key` or `token`, the `DEFAULT_*` ones are accepted.
    pub fn key(mut self, key: Key) -> Self {
        self.keys.push(key);
        self
    }

    /// Accepts this `X-Auth-Token` for `project_id`.
    pub fn token(mut self, token: impl Into<String>, project_id: impl Into<String>) -> Self {
        self.tokens
            .push((SecretString::from(token.into()), project_id.into()));
        self
    }

    /// Answers `operation` (its `operationId`, such as `ReplicateBackup`) with `handler`.
    pub fn handler(mut self, operation: &str, handler: impl Handler) -> Self {
        self.handlers
            .insert(operation.to_owned(), Arc::new(handler));
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Binds and starts serving in the background of the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<Emulator> {
        let (mut keys, mut tokens) = (self.keys, self.tokens);
        if keys.is_empty() && tokens.is_empty() {
            keys.push(Key::new(
                DEFAULT_ACCESS_KEY,
                DEFAULT_SECRET_KEY,
                DEFAULT_PROJECT_ID,
            ));
            tokens.push((
                SecretString::from(DEFAULT_TOKEN),
                DEFAULT_PROJECT_ID.to_owned(),
            ));
        }
        let state: Shared = Arc::new(State {
            keys,
            tokens,
            handlers: Mutex::new(self.handlers),
            calls: Mutex::new(Vec::new()),
        });
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            // Errors here are of single connections; the server goes on.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Emulator { addr, state, task })
    }
}

/// Every generated route, plus answers in the cloud's shape for the rest.
pub(crate) fn router(state: Shared) -> Router {
    crate::generated::routes(Router::new())
        .fallback(|| async {
            error(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            )
        })
        .method_not_allowed_fallback(|| async {
            error(405, "APIGW.0101", "The method is not allowed for this API")
        })
        .with_state(state)
}

impl Emulator {
    /// Starts with the default key pair and token on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Emulator> {
        Self::builder().start().await
    }

    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The base URL (`http://127.0.0.1:PORT`), for every service.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every accepted call so far, oldest first.
    pub fn calls(&self) -> Vec<RecordedCall> {
        lock(&self.state.calls).clone()
    }

    /// Replaces (or sets) the handler of `operation` while running.
    pub fn set_handler(&self, operation: &str, handler: impl Handler) {
        lock(&self.state.handlers).insert(operation.to_owned(), Arc::new(handler));
    }

    /// Back to the default answer for `operation`.
    pub fn clear_handler(&self, operation: &str) {
        lock(&self.state.handlers).remove(operation);
    }

    /// Serves until the process ends (for the binary).
    pub async fn wait(&self) {
        std::future::pending::<()>().await
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}
