//! Asynchronous work that moves over time: an operation that starts work
//! (CBR's backup sync, TaurusDB's manual backup) answers with the id of an
//! operation log or job, which its status operation then shows running
//! until the work is done, and done (or failed) after.
//!
//! The emulator's clock is the real one plus what a test has advanced it
//! by ([`Emulator::advance`](super::Emulator::advance)); a test can also
//! finish every job at once, or make the next one fail.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use hwbackup_models::runtime::Value as Param;
use serde_json::Value;

use super::handler::Reply;

/// How a status operation shows its work, as the generator wrote it from
/// the operation's `x-waiter` fact.
#[derive(Debug)]
pub struct JobStatus {
    /// Wire names from the answer down to the status (`operation_log`, `status`).
    pub status: &'static [&'static str],
    pub running: &'static str,
    pub success: &'static str,
    pub failure: &'static str,
    /// The documented answer to an id no work has: status, code, message.
    pub not_found: (u16, &'static str, &'static str),
}

/// Where one job has got to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Running,
    Succeeded,
    Failed,
}

#[derive(Debug)]
struct Job {
    done_at: Duration,
    fails: bool,
}

/// Every job started, and the clock they run on.
#[derive(Debug)]
pub(crate) struct Jobs {
    started: Instant,
    advanced: Duration,
    /// How long a job runs, in emulator time.
    pub(crate) duration: Duration,
    fail_next: bool,
    jobs: HashMap<String, Job>,
}

impl Jobs {
    pub(crate) fn new(duration: Duration) -> Self {
        Self {
            started: Instant::now(),
            advanced: Duration::ZERO,
            duration,
            fail_next: false,
            jobs: HashMap::new(),
        }
    }

    fn now(&self) -> Duration {
        self.started.elapsed() + self.advanced
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.advanced += by;
    }

    pub(crate) fn finish_all(&mut self) {
        let now = self.now();
        for job in self.jobs.values_mut() {
            job.done_at = job.done_at.min(now);
        }
    }

    pub(crate) fn fail_next(&mut self) {
        self.fail_next = true;
    }

    /// Starts the job `id`.
    pub(crate) fn start(&mut self, id: &str) {
        let fails = std::mem::take(&mut self.fail_next);
        let done_at = self.now() + self.duration;
        self.jobs.insert(id.to_owned(), Job { done_at, fails });
    }

    /// Starts a job for each id found at `pointers` in `answer` (a `*`
    /// segment stands for every item of a list).
    pub(crate) fn start_from(&mut self, pointers: &[&str], answer: &Value) {
        let mut ids = Vec::new();
        for pointer in pointers {
            let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
            collect(answer, &segments, &mut ids);
        }
        let done_at = self.now() + self.duration;
        for id in ids {
            let fails = std::mem::take(&mut self.fail_next);
            self.jobs.insert(id, Job { done_at, fails });
        }
    }

    /// Where the job `id` has got to, if there is one.
    pub(crate) fn outcome(&self, id: &str) -> Option<Outcome> {
        let job = self.jobs.get(id)?;
        Some(match (self.now() >= job.done_at, job.fails) {
            (false, _) => Outcome::Running,
            (true, false) => Outcome::Succeeded,
            (true, true) => Outcome::Failed,
        })
    }

    /// The answer of a status operation: the documented example with the
    /// status of the job one of the call's parameters names.
    pub(crate) fn status(
        &self,
        shape: &JobStatus,
        params: &[(&'static str, Param)],
        status: u16,
        mut answer: Value,
    ) -> Reply {
        let job = params.iter().find_map(|(_, v)| {
            let id = v.wire_text();
            self.jobs.get(&id).map(|job| (id, job))
        });
        let Some((id, job)) = job else {
            let (status, code, message) = shape.not_found;
            return Reply::error(status, code, message);
        };
        let state = match (self.now() >= job.done_at, job.fails) {
            (false, _) => shape.running,
            (true, false) => shape.success,
            (true, true) => shape.failure,
        };
        if let Some((last, parents)) = shape.status.split_last() {
            let mut node = &mut answer;
            for key in parents {
                node = &mut node[*key];
            }
            if node.is_object() || node.is_null() {
                node[*last] = Value::from(state);
                node["id"] = Value::from(id);
            }
        }
        Reply::Json {
            status,
            body: answer,
        }
    }
}

fn collect(v: &Value, segments: &[&str], out: &mut Vec<String>) {
    let Some((first, rest)) = segments.split_first() else {
        if let Some(s) = v.as_str() {
            out.push(s.to_owned());
        }
        return;
    };
    match (*first, v) {
        ("*", Value::Array(items)) => items.iter().for_each(|i| collect(i, rest, out)),
        (key, Value::Object(map)) => {
            if let Some(next) = map.get(key) {
                collect(next, rest, out);
            }
        }
        _ => {}
    }
}
