//! A background job's state, as the window shows it: a leaf the panels (spinner and Cancel)
//! and the jobs both import.

use std::time::Instant;

use tokio::task::JoinHandle;

/// Identifies one started job, so that the result of a cancelled job is recognised and dropped.
pub type JobId = u64;

/// The state of a job the user waits for.
#[derive(Debug, Default)]
pub enum JobState {
    /// Nothing running.
    #[default]
    Idle,
    /// Running; aborting the handle cancels it.
    Running {
        /// Which job, to match its report.
        id: JobId,
        /// What it does, in words (`Fetching example.com:443`).
        what: String,
        /// When it started, to show the elapsed time.
        started: Instant,
        /// The tokio task.
        handle: JoinHandle<()>,
    },
    /// Finished; its result was taken into the session.
    Done,
}

impl JobState {
    /// Whether a job is running.
    pub fn is_running(&self) -> bool {
        matches!(self, JobState::Running { .. })
    }

    /// Whether this is the running job with this id.
    pub fn is(&self, job: JobId) -> bool {
        matches!(self, JobState::Running { id, .. } if *id == job)
    }

    /// Aborts the running job, if any. Returns whether one was running.
    pub fn cancel(&mut self) -> bool {
        match std::mem::take(self) {
            JobState::Running { handle, .. } => {
                handle.abort();
                true
            }
            other => {
                *self = other;
                false
            }
        }
    }
}
