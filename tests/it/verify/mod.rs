//! Path building and verification on generated chains.

mod ca_target;
mod edge;
mod profiles;
mod timeline;
