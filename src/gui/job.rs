//! A background job's state, as the window shows it: a leaf the panels (spinner and Cancel)
//! and the jobs both import. Every job the user waits for (a load or fetch, the revocation /
//! AIA verification, a batch, an AWS discovery, the portal question, a verification) is one
//! [`Job`]: idle, running (shown with a spinner and Cancel), or done with its outcome.

use std::time::Instant;

use tokio::task::JoinHandle;

/// Identifies one started job, so that the result of a cancelled job is recognised and dropped.
pub type JobId = u64;

/// The state of a job the user waits for. `T` is what the window keeps of a finished job;
/// most jobs put their result straight into the session, and keep nothing (`()`).
#[derive(Debug, Default)]
pub enum Job<T = ()> {
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
    Done(T),
}

/// The jobs whose result goes straight into the session.
pub type JobState = Job<()>;

impl<T> Job<T> {
    /// Whether a job is running.
    pub fn is_running(&self) -> bool {
        matches!(self, Job::Running { .. })
    }

    /// Whether this is the running job with this id.
    pub fn is(&self, job: JobId) -> bool {
        matches!(self, Job::Running { id, .. } if *id == job)
    }

    /// What the running job does and since when, for the spinner.
    pub fn running(&self) -> Option<(&str, Instant)> {
        match self {
            Job::Running { what, started, .. } => Some((what, *started)),
            Job::Idle | Job::Done(_) => None,
        }
    }

    /// The outcome of the finished job.
    pub fn outcome(&self) -> Option<&T> {
        match self {
            Job::Done(outcome) => Some(outcome),
            Job::Idle | Job::Running { .. } => None,
        }
    }

    /// Aborts the running job, if any, and leaves it idle. Returns whether one was running.
    pub fn cancel(&mut self) -> bool {
        match std::mem::take(self) {
            Job::Running { handle, .. } => {
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

/// The jobs shown in the source bar's job row beside the load and the verification, each with
/// its own [`Job`] in the session: what Cancel and Esc name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobKind {
    /// Rendering and writing an export.
    Export,
    /// Rendering the diagram for the clipboard.
    CopyDiagram,
    /// Reading trust stores from disk (the system store, bundles).
    Stores,
    /// The desktop's file dialog, while it is up.
    FileDialog,
    /// Reading the AWS profile names (shown in the AWS IoT dialog).
    AwsProfiles,
}

impl JobKind {
    /// The jobs of the source bar's row, in the order they are shown and Esc cancels them.
    pub const ROW: [JobKind; 4] = [
        JobKind::FileDialog,
        JobKind::Export,
        JobKind::CopyDiagram,
        JobKind::Stores,
    ];

    /// The Cancel button's hint.
    pub fn cancel_hint(self) -> &'static str {
        match self {
            JobKind::Export => "Stop this export; a file not yet written is not written (Esc)",
            JobKind::CopyDiagram => "Stop rendering; the clipboard is left as it is (Esc)",
            JobKind::Stores => "Stop loading and untick the store; the verdict shown stays (Esc)",
            JobKind::FileDialog => "Stop waiting for the desktop's dialog (Esc)",
            JobKind::AwsProfiles => "Stop reading the profiles",
        }
    }
}

/// How a verification ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    /// Its inspection is the one shown.
    Verified,
    /// It stopped without one; the error is shown.
    Failed,
    /// The user stopped waiting for it: the verdict shown is for the settings before the
    /// change, and it is not started again until something changes.
    Cancelled,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_job_is_idle_and_a_finished_one_keeps_its_outcome() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let handle = runtime.spawn(std::future::pending::<()>());
        let mut job: Job<VerifyOutcome> = Job::Running {
            id: 7,
            what: "Verifying 3 certificates".to_string(),
            started: Instant::now(),
            handle,
        };
        assert!(job.is_running() && job.is(7) && !job.is(8));
        assert_eq!(
            job.running().map(|(what, _)| what),
            Some("Verifying 3 certificates")
        );
        assert!(job.cancel());
        assert!(matches!(job, Job::Idle));
        assert!(!job.cancel());
        job = Job::Done(VerifyOutcome::Cancelled);
        assert_eq!(job.outcome(), Some(&VerifyOutcome::Cancelled));
        assert!(!job.is_running());
    }
}
