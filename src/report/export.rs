//! Export dispatch, once for every face: an [`Inspection`] (and the [`Scene`] drawn from it)
//! rendered as SVG, PNG, draw.io, PEM, JSON or text, and written to a path whole — into a
//! temporary file in the same directory, then renamed over the target — so that a reader,
//! a full disk or an interrupted run never leaves a half-written file where an export was
//! asked for. `chainlens export` and the window's Export menu both write through here.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagram::{self, Scene};
use crate::model::Inspection;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportKind {
    /// The diagram as SVG.
    Svg,
    /// The diagram as PNG.
    Png {
        /// 1, 2 (HiDPI) or 3.
        scale: u32,
        /// Without the page background.
        transparent: bool,
    },
    /// The diagram as an editable draw.io file.
    DrawIo,
    /// The chain as one PEM bundle, leaf first.
    Pem {
        /// The certificates as the source sent them, in that order, instead of as built.
        as_sent: bool,
    },
    /// The inspection as JSON (schema chainlens.inspection/1), ending in a newline.
    Json,
    /// The inspection as text, as `chainlens inspect` prints it.
    Text,
}

impl ExportKind {
    /// Whether this export draws the diagram (and so needs a scene).
    pub fn is_diagram(self) -> bool {
        matches!(
            self,
            ExportKind::Svg | ExportKind::Png { .. } | ExportKind::DrawIo
        )
    }
}

/// Why an export could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A diagram format was asked for without a scene.
    #[error("there is no diagram to export")]
    NoDiagram,
    /// The PNG could not be rasterised.
    #[error("cannot make the PNG: {0}")]
    Png(#[from] diagram::png::PngError),
    /// The path names no file.
    #[error("not a file name: {}", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// Writing (or renaming into place) failed; the target, if it existed, is untouched.
    #[error("cannot write {}: {error}", path.display())]
    Write {
        /// What went wrong.
        error: std::io::Error,
        /// The target.
        path: PathBuf,
    },
}

/// The bytes of an export of `insp`. Diagram kinds need `scene`, the one drawn from `insp`.
pub fn render(
    insp: &Inspection,
    scene: Option<&Scene>,
    kind: ExportKind,
) -> Result<Vec<u8>, ExportError> {
    let scene = || scene.ok_or(ExportError::NoDiagram);
    Ok(match kind {
        ExportKind::Svg => diagram::svg::render(scene()?).into_bytes(),
        ExportKind::Png { scale, transparent } => {
            diagram::png::render(scene()?, scale, transparent)?
        }
        ExportKind::DrawIo => diagram::drawio::render(scene()?).into_bytes(),
        ExportKind::Pem { as_sent } => super::pem::pem_bundle(insp, as_sent).into_bytes(),
        ExportKind::Json => {
            let mut json = super::json::inspection_json(insp);
            json.push('\n');
            json.into_bytes()
        }
        ExportKind::Text => super::text::inspection_text(insp).into_bytes(),
    })
}

/// Renders an export of `insp` and writes it to `path` whole (see [`write_atomic`]).
/// Returns the number of bytes written.
pub fn write(
    insp: &Inspection,
    scene: Option<&Scene>,
    kind: ExportKind,
    path: &Path,
) -> Result<usize, ExportError> {
    let bytes = render(insp, scene, kind)?;
    write_atomic(path, &bytes)?;
    Ok(bytes.len())
}

/// Tells apart the temporary files of exports running at once in one process.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` whole: into a temporary file beside it (same directory, so the
/// rename stays on one file system and is atomic), then renamed over it. A reader never sees
/// half a file, and on failure the target keeps its old content (or stays absent) and the
/// temporary file is removed. No fsync: these are re-creatable exports, not data worth a
/// disk flush on every run.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let Some(file_name) = path.file_name() else {
        return Err(ExportError::NotAFile {
            path: path.to_path_buf(),
        });
    };
    let mut temp_name = OsString::from(".");
    temp_name.push(file_name);
    temp_name.push(format!(
        ".chainlens-{}-{}.tmp",
        std::process::id(),
        NEXT_TEMP.fetch_add(1, Ordering::Relaxed)
    ));
    let temp = path.with_file_name(temp_name);
    let written = fs::File::create(&temp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&temp, path));
    if let Err(error) = written {
        // Best effort: the temporary file is ours and useless now.
        let _ = fs::remove_file(&temp);
        return Err(ExportError::Write {
            error,
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn an_existing_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old content that is longer than the new one").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename over it fails after the data was written.
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), "kept").unwrap();
        let err = write_atomic(&path, b"data").unwrap_err();
        assert!(matches!(err, ExportError::Write { .. }), "{err}");
        assert!(path.is_dir());
        assert_eq!(fs::read_to_string(path.join("inside")).unwrap(), "kept");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the temporary file is removed: {names:?}");
    }
}
