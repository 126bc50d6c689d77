//! The limits of one path search, in one place: how deep, how many steps, how many paths,
//! and how many name-constraint comparisons, so that hostile inputs stay fast.

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
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            max_intermediates: 100,
            steps: 2_000,
            paths: 32,
            name_constraint_comparisons: 250_000,
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
    /// The first limit reached, if any.
    pub reached: Option<Limit>,
}

impl Spent {
    /// A fresh search under `budget`.
    pub fn new(budget: Budget) -> Self {
        Self {
            budget,
            steps: 0,
            reached: None,
        }
    }

    /// Takes one step; false (and the limit recorded) when the steps are used up.
    pub fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps > self.budget.steps {
            self.reached.get_or_insert(Limit::Steps(self.budget.steps));
            return false;
        }
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
