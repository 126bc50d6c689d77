//! The chain diagram: one [`Scene`] (pure geometry, from an `Inspection`), drawn by the window
//! and by every exporter, so that what the user sees is what they export.

pub mod drawio;
pub mod metrics;
pub mod png;
pub mod scene;
pub mod svg;

pub use png::PngError;
pub use scene::{
    Badge, CertBox, Color, Edge, LegendItem, Point, Rect, Scene, SceneOptions, ScenePath, Theme,
    status_color,
};
