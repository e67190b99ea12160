//! Starting and stopping the emulator, in-process or as a binary.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use super::serve::error;
use super::state::{lock, CallLog, Key, Limits, RecordedCall, Shared, State};
use super::state::{DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, DEFAULT_TOKEN};
use super::Handler;

/// A running emulator. Stops when dropped.
pub struct Emulator {
    addr: SocketAddr,
    state: Shared,
    app: Router,
    task: JoinHandle<()>,
}

/// Keys, tokens, handlers and the address of an emulator to start.
#[must_use]
pub struct EmulatorBuilder {
    keys: Vec<Key>,
    tokens: Vec<(SecretString, String)>,
    handlers: HashMap<String, Arc<dyn Handler>>,
    listen: SocketAddr,
    limits: Limits,
    record_calls: usize,
    root_service: Option<String>,
    stateless: bool,
    job_duration: Duration,
    state_file: Option<std::path::PathBuf>,
    routes: Routes,
}

/// Adds a crate's generated routes to a router (`generated::routes`; the
/// unit tests serve the fixtures' instead).
pub(crate) type Routes = fn(Router<Shared>) -> Router<Shared>;

/// How long asynchronous work runs, in emulator time, unless configured.
pub const DEFAULT_JOB_DURATION: Duration = Duration::from_secs(2);

/// Calls kept for [`Emulator::calls`] unless configured.
pub const DEFAULT_RECORDED_CALLS: usize = 1000;

impl Default for EmulatorBuilder {
    /// The default key pair and token, on 127.0.0.1 at a free port; the
    /// newest 1000 calls recorded; 30 s for a request head (idle time
    /// included) and for a body; 1024 connections at once.
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            tokens: Vec::new(),
            handlers: HashMap::new(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            limits: Limits::default(),
            record_calls: DEFAULT_RECORDED_CALLS,
            root_service: None,
            stateless: false,
            job_duration: DEFAULT_JOB_DURATION,
            state_file: None,
            routes: crate::generated::routes,
        }
    }
}

impl EmulatorBuilder {
    /// Serves `routes` instead of this crate's services (the fixtures'
    /// generated routes, in unit tests).
    #[cfg(test)]
    pub(crate) fn routes(mut self, routes: Routes) -> Self {
        self.routes = routes;
        self
    }

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

    /// How many of the newest calls [`Emulator::calls`] keeps (default
    /// 1000; 0 keeps none). Older ones are dropped, so a long run's memory
    /// stays flat; handlers' `previous_calls` counts every call regardless.
    /// Where two services document the same method and path (CBR and
    /// TaurusDB both have `DELETE /v3/{project_id}/backups/{backup_id}`),
    /// the root serves `service`'s operation; without it such a path
    /// answers 404 at the root, naming the `/{service}` prefixes. For
    /// clients that cannot add a path prefix to an endpoint (Huawei's
    /// official SDKs drop it): one emulator per service, each its own root.
    pub fn root_service(mut self, service: impl Into<String>) -> Self {
        self.root_service = Some(service.into());
        self
    }

    /// Every operation answers its documented example and nothing is
    /// remembered: no vault created is found again. For tests of the wire
    /// rather than of a workflow.
    pub fn stateless(mut self, yes: bool) -> Self {
        self.stateless = yes;
        self
    }

    /// How long asynchronous work (an operation log, a job) runs before its
    /// status operation shows it done, in emulator time (default 2 s; see
    /// [`Emulator::advance`]).
    pub fn job_duration(mut self, duration: Duration) -> Self {
        self.job_duration = duration;
        self
    }

    /// Starts with the records saved in `path` by [`Emulator::save_state`],
    /// if the file exists. A file that is not a whole saved state (cut
    /// short, or another file) makes `start` fail with an error saying
    /// what is wrong, rather than start empty.
    pub fn load_state(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    pub fn record_calls(mut self, newest: usize) -> Self {
        self.record_calls = newest;
        self
    }

    /// Time a connection has to send a whole request head, counted from
    /// when it opens or from its previous answer, so it bounds idle
    /// keep-alive connections too (default 30 s).
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_timeout = timeout;
        self
    }

    /// Time a request's body has to arrive whole (default 30 s); then 408.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout;
        self
    }

    /// Connections served at once (default 1024, at least 1); further
    /// ones wait in the listen backlog until one closes.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.limits.max_connections = n.max(1);
        self
    }

    /// Binds and starts serving in the background of the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<Emulator> {
        let store = match &self.state_file {
            Some(path) if path.exists() => load(path)?,
            _ => super::resources::Store::default(),
        };
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
            calls: Mutex::new(CallLog::new(self.record_calls)),
            limits: self.limits.clone(),
            root_service: self.root_service,
            stateless: self.stateless,
            store: Mutex::new(store),
            jobs: Mutex::new(super::jobs::Jobs::new(self.job_duration)),
        });
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let app = router(state.clone(), self.routes);
        let task = tokio::spawn(accept_loop(listener, app.clone(), self.limits));
        Ok(Emulator {
            addr,
            state,
            app,
            task,
        })
    }
}

/// Accepts connections while fewer than `max_connections` are open and
/// serves each on its own task, with hyper's header timer running from
/// the moment a connection is waiting for a request.
async fn accept_loop(listener: TcpListener, app: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or one connection failed during
            // accept: wait a moment rather than spin, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            // A connection's error (a timeout, a reset) ends only that connection.
            let _ = connection.await;
        });
    }
}

/// `GET /__emulator/calls`: the recorded calls as JSON, oldest first, for
/// tests in other languages (the binary records none unless
/// `--record-calls N`). Secrets are redacted as in [`Emulator::calls`].
async fn recorded_calls(
    axum::extract::State(state): axum::extract::State<Shared>,
) -> axum::response::Response {
    let text = serde_json::to_string(&lock(&state.calls).recent).unwrap_or_default();
    let mut r = axum::response::Response::new(axum::body::Body::from(text));
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    r
}

/// Every generated route, plus answers in the cloud's shape for the rest.
pub(crate) fn router(state: Shared, routes: Routes) -> Router {
    routes(Router::new())
        // No cloud path starts with `__`: this cannot shadow an operation.
        .route("/__emulator/calls", axum::routing::get(recorded_calls))
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

    /// The base URL of one service (`http://127.0.0.1:PORT/gaussdb_mysql`):
    /// every operation is served under its service's name too. Where two
    /// services document the same method and path (CBR and TaurusDB both
    /// have `DELETE /v3/{project_id}/backups/{backup_id}`), only this URL
    /// tells them apart; at the root such a path answers 404 naming both.
    pub fn service_url(&self, service: &str) -> String {
        format!("http://{}/{service}", self.addr)
    }

    /// The accepted calls, oldest first: the newest
    /// [`record_calls`](EmulatorBuilder::record_calls) of them (1000 by default).
    pub fn calls(&self) -> Vec<RecordedCall> {
        lock(&self.state.calls).recent.iter().cloned().collect()
    }

    /// Every record the emulator holds (what create operations made and
    /// later calls changed), by collection path (`/v3/{project}/vaults`),
    /// sorted by path; records in creation order.
    pub fn resources(&self) -> Vec<(String, Vec<serde_json::Value>)> {
        lock(&self.state.store).snapshot()
    }

    /// Saves every record to `path`, atomically: the state is written to a
    /// file beside it, flushed, then renamed over it, so a crash leaves
    /// either the old file or the new one, never half of one.
    pub fn save_state(&self, path: &std::path::Path) -> std::io::Result<()> {
        let text = lock(&self.state.store).to_json().to_string();
        let name = path
            .file_name()
            .map_or("state".into(), |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    }

    /// Moves the emulator's clock forward: work started before is that much
    /// nearer its end.
    pub fn advance(&self, by: Duration) {
        lock(&self.state.jobs).advance(by);
    }

    /// Ends every job started so far: the next status call shows it done
    /// (or failed, if it was to fail).
    pub fn finish_jobs(&self) {
        lock(&self.state.jobs).finish_all();
    }

    /// Makes the next job started end in failure (`failed`, `Failed`).
    pub fn fail_next_job(&self) {
        lock(&self.state.jobs).fail_next();
    }

    /// Replaces (or sets) the handler of `operation` while running.
    pub fn set_handler(&self, operation: &str, handler: impl Handler) {
        lock(&self.state.handlers).insert(operation.to_owned(), Arc::new(handler));
    }

    /// Back to the default answer for `operation`.
    pub fn clear_handler(&self, operation: &str) {
        lock(&self.state.handlers).remove(operation);
    }

    /// Serves one request in-process, without a socket: the answer a
    /// connection would get, from the same routes, checks and state. For
    /// property tests and fuzzing; a handler's `Reply::DropConnection`
    /// unwinds out of this call.
    pub async fn handle(&self, request: Request<Body>) -> Response<Body> {
        use tower::ServiceExt;
        match self.app.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
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

/// The records of a saved state file, or an error naming the file and
/// what is wrong with it.
fn load(path: &std::path::Path) -> std::io::Result<super::resources::Store> {
    let invalid = |why: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("state file {}: {why}", path.display()),
        )
    };
    let text = std::fs::read_to_string(path)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| invalid(format!("not whole JSON ({e})")))?;
    super::resources::Store::from_json(&value).map_err(invalid)
}
