//! The built binary's own faces: exit codes, stderr, JSON, completions and manual pages.

mod completions_and_man;
mod devices;
mod exit_codes;
mod policy;
