//! Path building and verification on generated chains.

mod ca_target;
mod edge;
mod mldsa;
mod profiles;
mod timeline;
