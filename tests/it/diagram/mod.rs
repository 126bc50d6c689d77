//! The trust graph, the Scene and its exports.

mod export;
mod graph;
