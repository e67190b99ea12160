//! When to try a call again, and how long to wait.
//!
//! Every call is retried after failures where it certainly was not processed:
//! - the connection could not be established (nothing was sent);
//! - 429 and 503 answers that carry `Retry-After`: the service refused the
//!   request before doing anything and said when to come back.
//!
//! A timeout, a dropped connection or a 500/502/503/504 may have been
//! processed. Idempotent calls (GET, PUT, DELETE: doing them twice is doing
//! them once) are retried after those too. A POST creates something:
//! sending one twice may create two replications, so it is retried after
//! those only with [`RetryPolicy::retry_unsafe`].

use std::time::Duration;

/// How calls are retried: bounded by attempts and by total time, with
/// exponential backoff and full jitter; each attempt is signed anew.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_elapsed: Duration,
    pub(crate) retry_unsafe: bool,
    pub(crate) retry_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts within 30 s, backoff from 100 ms up to 5 s; idempotent
    /// calls after any transient failure, POSTs after safe failures only.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            retry_unsafe: false,
            retry_idempotent: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `n` attempts in all (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The first backoff and the cap on any one backoff.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// No retry starts once this much time has passed since the first attempt.
    pub fn max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// Also retry failures after which the request may have been processed
    /// (timeouts, dropped connections, 500/502/503/504). Only for callers
    /// who can tolerate a duplicate.
    pub fn retry_unsafe(mut self, yes: bool) -> Self {
        self.retry_unsafe = yes;
        self
    }

    /// Whether idempotent calls (GET, PUT, DELETE) are retried after
    /// failures that may have been processed: timeouts, dropped
    /// connections, 500/502/503/504. On by default.
    pub fn retry_idempotent(mut self, yes: bool) -> Self {
        self.retry_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): a
    /// random duration up to `initial * 2^(attempt-1)`, capped.
    pub(crate) fn backoff_after(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_backoff);
        exp.mul_f64(fastrand::f64())
    }
}

/// What went wrong in one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Nothing reached the server.
    NotSent,
    /// The server refused without processing and said when to come back.
    RefusedWithRetryAfter(Duration),
    /// The request may have been processed.
    MaybeProcessed,
    /// Retrying cannot help (a 4xx, a decode error).
    Final,
}

impl Failure {
    /// Whether `policy` allows retrying this failure of a call that is
    /// `idempotent` or not, and the minimum wait.
    pub(crate) fn retry_wait(self, policy: &RetryPolicy, idempotent: bool) -> Option<Duration> {
        match self {
            Failure::NotSent => Some(Duration::ZERO),
            Failure::RefusedWithRetryAfter(d) => Some(d),
            Failure::MaybeProcessed
                if policy.retry_unsafe || (idempotent && policy.retry_idempotent) =>
            {
                Some(Duration::ZERO)
            }
            _ => None,
        }
    }
}

/// Reads `Retry-After` as seconds or as an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        for _ in 0..100 {
            assert!(p.backoff_after(1) <= Duration::from_millis(100));
            assert!(p.backoff_after(2) <= Duration::from_millis(200));
            assert!(p.backoff_after(10) <= Duration::from_millis(300));
        }
    }

    #[test]
    fn only_safe_failures_of_a_post_are_retried_by_default() {
        let safe = RetryPolicy::default();
        let all = RetryPolicy::default().retry_unsafe(true);
        let post = false;
        assert_eq!(
            Failure::NotSent.retry_wait(&safe, post),
            Some(Duration::ZERO)
        );
        assert_eq!(Failure::MaybeProcessed.retry_wait(&safe, post), None);
        assert_eq!(
            Failure::MaybeProcessed.retry_wait(&all, post),
            Some(Duration::ZERO)
        );
        assert_eq!(Failure::Final.retry_wait(&all, post), None);
    }

    #[test]
    fn idempotent_calls_are_retried_after_any_transient_failure() {
        let get = true;
        let default = RetryPolicy::default();
        let off = RetryPolicy::default().retry_idempotent(false);
        assert_eq!(
            Failure::MaybeProcessed.retry_wait(&default, get),
            Some(Duration::ZERO)
        );
        assert_eq!(Failure::MaybeProcessed.retry_wait(&off, get), None);
        assert_eq!(Failure::Final.retry_wait(&default, get), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
