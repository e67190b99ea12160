//! Waiting for asynchronous work (a CBR operation log, a TaurusDB job):
//! the record is fetched again until its status is final or a deadline
//! passes, with a growing interval between fetches.

use std::fmt;
use std::time::{Duration, Instant};

use super::request::{Call, Decode, NoBody};
use super::{Error, Response};

/// How often and how long to wait.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    interval: Duration,
    max_interval: Duration,
    factor: f64,
    deadline: Duration,
}

impl Default for Waiter {
    /// First look after 1 s, then 1.5 times longer each time up to 15 s;
    /// give up after 10 minutes.
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(15),
            factor: 1.5,
            deadline: Duration::from_secs(600),
        }
    }
}

impl Waiter {
    /// The wait before the second fetch (the first is immediate).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self.max_interval = self.max_interval.max(interval);
        self
    }

    /// Each wait is the previous one times `factor` (at least 1), up to `max`.
    pub fn backoff(mut self, factor: f64, max: Duration) -> Self {
        self.factor = if factor.is_finite() {
            factor.max(1.0)
        } else {
            1.0
        };
        self.max_interval = max.max(self.interval);
        self
    }

    /// No fetch starts once this much time has passed.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }
}

/// Why waiting ended without success. Each case carries the last record seen.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<R> {
    /// The work ended in a failure status (`failed`, `timeout`, `Failed`).
    Failed { status: String, last: Response<R> },
    /// The deadline passed while the work was still going.
    DeadlineExceeded {
        after: Duration,
        last: Option<Response<R>>,
    },
    /// A fetch failed.
    Call {
        error: Error,
        last: Option<Response<R>>,
    },
}

impl<R> WaitError<R> {
    /// The last record seen, if any.
    pub fn last(&self) -> Option<&Response<R>> {
        match self {
            WaitError::Failed { last, .. } => Some(last),
            WaitError::DeadlineExceeded { last, .. } | WaitError::Call { last, .. } => {
                last.as_ref()
            }
        }
    }
}

impl<R> fmt::Display for WaitError<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed { status, .. } => {
                write!(
                    f,
                    "the work ended with status {:?}",
                    status.chars().take(64).collect::<String>()
                )
            }
            WaitError::DeadlineExceeded { after, .. } => {
                write!(f, "the work was not done after {} s", after.as_secs_f64())
            }
            WaitError::Call { error, .. } => {
                write!(f, "fetching the work's status failed: {error}")
            }
        }
    }
}

impl<R: fmt::Debug> std::error::Error for WaitError<R> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Call { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What the generated code tells the waiter about one status operation.
pub struct WaitShape<R> {
    pub decode: Decode<R>,
    /// The record's status, if it has one.
    pub status: fn(&R) -> Option<&str>,
    pub success: &'static [&'static str],
    pub failure: &'static [&'static str],
}

impl Call<'_> {
    /// Fetches the record until its status is in `shape.success` (the
    /// result) or `shape.failure`, or the deadline passes. Any other status
    /// (or none) means the work is still going.
    #[doc(hidden)]
    pub async fn wait<R>(
        self,
        shape: WaitShape<R>,
        waiter: &Waiter,
    ) -> Result<Response<R>, WaitError<R>> {
        let started = Instant::now();
        let mut pause = waiter.interval;
        let mut last = None;
        loop {
            let record = match self.clone().send(None::<NoBody>, false, shape.decode).await {
                Ok(r) => r,
                Err(error) => return Err(WaitError::Call { error, last }),
            };
            let status = (shape.status)(&record.body).map(str::to_owned);
            tracing::debug!(
                operation = self.operation().id,
                status = status.as_deref().unwrap_or(""),
                "waiting"
            );
            match status {
                Some(s) if shape.success.contains(&s.as_str()) => return Ok(record),
                Some(s) if shape.failure.contains(&s.as_str()) => {
                    return Err(WaitError::Failed {
                        status: s,
                        last: record,
                    })
                }
                _ => last = Some(record),
            }
            let elapsed = started.elapsed();
            if elapsed.saturating_add(pause) > waiter.deadline {
                return Err(WaitError::DeadlineExceeded {
                    after: elapsed,
                    last,
                });
            }
            tokio::time::sleep(pause).await;
            pause = pause.mul_f64(waiter.factor).min(waiter.max_interval);
        }
    }
}
