//! AWS IoT endpoint discovery and `chainlens aws check`, against moto.

mod check;
mod discovery;
