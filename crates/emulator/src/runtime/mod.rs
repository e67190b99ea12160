//! The hand-written runtime the generated routes call.

mod actions;
mod auth;
mod handler;
mod jobs;
mod resources;
mod respond;
mod serve;
mod server;
mod state;

pub use handler::{Call, Handler, Reply};
#[allow(unused_imports)]
pub use jobs::JobStatus;
pub use resources::{Resource, ResourceKind};
#[allow(unused_imports)]
pub use serve::{serve, shared_path, NoBody, Route, SharedHandler};
pub use server::{Emulator, EmulatorBuilder, DEFAULT_JOB_DURATION, DEFAULT_RECORDED_CALLS};
pub use state::{
    Key, RecordedCall, Shared, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
};
