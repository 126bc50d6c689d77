//! The limits of one path search, in one place: how deep, how many steps, how many paths,
//! how many signature checks and how many name-constraint comparisons, so that hostile
//! inputs stay fast.

/// The limits of one store's path search and path decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Intermediates allowed on one path (OpenSSL's default verify depth).
    pub max_intermediates: usize,
    /// Search steps (certificates tried as the next issuer).
    pub steps: usize,
    /// Candidate paths recorded.
    pub paths: usize,
    /// Name-constraint comparisons per path, as in Go and rustls-webpki.
    pub name_constraint_comparisons: usize,
    /// Signatures verified by one search, as rustls-webpki counts them. A signature the
    /// inspection already checked (while grouping, or for another store) is not counted again.
    pub signatures: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            max_intermediates: 100,
            steps: 2_000,
            paths: 32,
            name_constraint_comparisons: 250_000,
            // As many as steps: each step tries one issuer candidate, whose signature is
            // checked once. rustls-webpki allows 100 per path it builds and stops at the first;
            // chainlens records up to `paths` of them, so it needs more, but a mesh of
            // same-named issuers (whose pairs grow with the square of their number) still
            // ends after a few thousand verifications, a fraction of a second.
            signatures: 2_000,
        }
    }
}

/// Which limit a search reached: the model's typed limit, which verdicts carry.
pub use crate::model::BudgetLimit as Limit;

/// What is left of a [`Budget`] while one search runs.
#[derive(Debug)]
pub struct Spent {
    budget: Budget,
    steps: usize,
    signatures: usize,
    /// A signature check was refused: the search ends.
    out_of_signatures: bool,
    /// The first limit reached, if any.
    pub reached: Option<Limit>,
}

impl Spent {
    /// A fresh search under `budget`.
    pub fn new(budget: Budget) -> Self {
        Self {
            budget,
            steps: 0,
            signatures: 0,
            out_of_signatures: false,
            reached: None,
        }
    }

    /// Takes one step; false (and the limit recorded) when the steps are used up, or the
    /// signatures: a search out of signatures stops, as rustls-webpki's does.
    pub fn step(&mut self) -> bool {
        if self.out_of_signatures {
            return false;
        }
        self.steps += 1;
        if self.steps > self.budget.steps {
            self.reached.get_or_insert(Limit::Steps(self.budget.steps));
            return false;
        }
        true
    }

    /// Takes one signature check; false (and the limit recorded) when they are used up.
    pub fn signature(&mut self) -> bool {
        if self.signatures >= self.budget.signatures {
            self.reached
                .get_or_insert(Limit::Signatures(self.budget.signatures));
            self.out_of_signatures = true;
            return false;
        }
        self.signatures += 1;
        true
    }

    /// Whether `found` paths are as many as may be recorded (the limit recorded if so).
    pub fn paths_full(&mut self, found: usize) -> bool {
        if found >= self.budget.paths {
            self.reached.get_or_insert(Limit::Paths(self.budget.paths));
            return true;
        }
        false
    }

    /// Whether a path with `intermediates` may grow (the limit recorded if not).
    pub fn may_deepen(&mut self, intermediates: usize) -> bool {
        if intermediates >= self.budget.max_intermediates {
            self.reached
                .get_or_insert(Limit::Depth(self.budget.max_intermediates));
            return false;
        }
        true
    }
}
