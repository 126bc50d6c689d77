//! Every file dialog of the window goes through here: Open files…, Add trust file… and each
//! Export. The desktop's dialog (rfd, through the XDG desktop portal) where a portal runs; the
//! in-window dialog (egui_file) where none does (plain X11 window managers, remote X, Xvfb),
//! where rfd's dialogs silently do nothing.
//!
//! Whether a portal runs is asked once, off the window's thread, of the session D-Bus: does
//! `org.freedesktop.portal.Desktop` have an owner or can the bus start it. A desktop dialog
//! that comes back empty at once (it never showed) switches to the in-window one too.
//! `CHAINLENS_FILE_DIALOG=builtin` (or `portal`) skips the question.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::Context;

use super::command::{Command, CommandQueue};
pub use super::file_request::{FilePurpose, FileRequest};

/// The portal's well-known bus name.
pub const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";
/// How long the portal question may take before the answer counts as "no portal".
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);
/// A desktop dialog that reports nothing sooner than this never showed: nobody cancels a
/// dialog that fast.
pub const NEVER_SHOWN: Duration = Duration::from_millis(700);
/// The environment variable that chooses the dialog: `builtin` or `portal`.
pub const OVERRIDE_VAR: &str = "CHAINLENS_FILE_DIALOG";

/// Which dialog the window uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogBackend {
    /// The portal question is still out.
    Probing,
    /// The desktop's own dialog, through the portal.
    Portal,
    /// The in-window dialog, and why.
    Builtin {
        /// Why the desktop's dialog is not used, in words.
        reason: String,
    },
}

/// What the environment asks for: `Some(backend)` when [`OVERRIDE_VAR`] chooses one.
pub fn backend_override(value: Option<&str>) -> Option<DialogBackend> {
    match value?.trim().to_ascii_lowercase().as_str() {
        "builtin" | "window" | "egui" => Some(DialogBackend::Builtin {
            reason: format!("{OVERRIDE_VAR}=builtin"),
        }),
        "portal" | "native" | "rfd" => Some(DialogBackend::Portal),
        _ => None,
    }
}

/// Asks the session bus at `address` (`None`: `DBUS_SESSION_BUS_ADDRESS`, else zbus's default
/// path) whether the desktop portal runs or can be started. `Err` says why not, in words.
pub async fn probe_portal(address: Option<String>) -> Result<(), String> {
    let question = async {
        let connection = match &address {
            Some(address) => zbus::connection::Builder::address(address.as_str())
                .map_err(|e| format!("the session bus address is unusable: {e}"))?
                .build()
                .await
                .map_err(|e| format!("no session D-Bus answers ({e})"))?,
            None => zbus::Connection::session()
                .await
                .map_err(|e| format!("no session D-Bus answers ({e})"))?,
        };
        let bus = zbus::fdo::DBusProxy::new(&connection)
            .await
            .map_err(|e| format!("the session D-Bus does not answer ({e})"))?;
        let name = zbus::names::BusName::try_from(PORTAL_NAME)
            .map_err(|e| format!("bad portal name: {e}"))?;
        if bus.name_has_owner(name).await.unwrap_or(false) {
            return Ok(());
        }
        let activatable = bus
            .list_activatable_names()
            .await
            .map_err(|e| format!("the session D-Bus does not list its services ({e})"))?;
        if activatable.iter().any(|n| n.as_str() == PORTAL_NAME) {
            Ok(())
        } else {
            Err("no XDG desktop portal runs on the session D-Bus".to_string())
        }
    };
    match tokio::time::timeout(PROBE_TIMEOUT, question).await {
        Ok(answer) => answer,
        Err(_) => Err(format!(
            "the session D-Bus gave no answer within {} ms",
            PROBE_TIMEOUT.as_millis()
        )),
    }
}

/// The in-window dialog while it is open.
pub struct OpenDialog {
    /// What it is for.
    pub request: FileRequest,
    /// egui_file's dialog.
    pub dialog: egui_file::FileDialog,
    /// Lists every file, not only certificate, key and CRL files (the filter reads it).
    pub all_files: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Extensions the Open dialogs list unless "All files" is ticked: every kind chainlens
/// reads, the in-window dialog and the desktop's alike. `.h`, `.c` and `.bin` hold
/// certificates too: C sources with embedded PEM or DER arrays, and ESP-IDF bundles.
pub const CERTIFICATE_EXTENSIONS: &[&str] = &[
    "pem",
    "crt",
    "cer",
    "der",
    "p7b",
    "p7c",
    "p12",
    "pfx",
    "crl",
    "key",
    "ca-bundle",
    "txt",
    "h",
    "c",
    "bin",
];

/// The name of the certificate filter, in both dialogs.
pub const CERTIFICATE_FILTER: &str =
    "Certificate files (.pem .crt .cer .der .p7b .p12 .crl .h .c .bin …)";

/// Names of certificate files that have no extension: ESP-IDF's bundle as its build writes
/// it. (The desktop's dialog filters by extension only; "All files" shows them there.)
pub const CERTIFICATE_FILE_NAMES: &[&str] = &["x509_crt_bundle"];

/// Whether `path` is listed: certificate files, or everything with "All files".
fn listed(path: &std::path::Path, all_files: bool) -> bool {
    all_files
        || path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|e| CERTIFICATE_EXTENSIONS.contains(&e.as_str()))
        || path
            .file_name()
            .is_some_and(|n| CERTIFICATE_FILE_NAMES.iter().any(|name| n == *name))
}

/// The window's file dialogs: which backend, and the in-window dialog when open.
pub struct FileDialogs {
    /// Which dialog is used.
    pub backend: DialogBackend,
    /// A request made while the portal question was out, shown when it is answered.
    pub pending: Option<(FileRequest, Option<PathBuf>)>,
    /// The in-window dialog, when open.
    pub open: Option<OpenDialog>,
    /// Why the last dialog could not open, shown in it (or as the window's error).
    pub note: Option<String>,
    /// The portal question (only the last one asked decides).
    pub probe_job: super::job::JobState,
    /// The desktop's dialog while it is up.
    pub native_job: super::job::JobState,
    /// How many in-window dialogs were opened: each opening is a new dialog (its own id),
    /// so that it starts at the top of its folder, not at the last one's scroll offset.
    pub opened: u64,
}

impl Default for FileDialogs {
    fn default() -> Self {
        Self {
            backend: DialogBackend::Probing,
            pending: None,
            open: None,
            note: None,
            probe_job: super::job::JobState::Idle,
            native_job: super::job::JobState::Idle,
            opened: 0,
        }
    }
}

impl FileDialogs {
    /// Whether the in-window dialog is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// What the open in-window dialog is for.
    pub fn open_request(&self) -> Option<&FileRequest> {
        self.open.as_ref().map(|o| &o.request)
    }

    /// Opens the in-window dialog for `request`, in `folder` (else the working directory).
    pub fn open_builtin(&mut self, request: FileRequest, folder: Option<PathBuf>) {
        let folder = folder
            .filter(|f| f.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("/"));
        let title = request.title();
        self.opened += 1;
        let all_files = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let all = all_files.clone();
        let mut dialog = match &request {
            FileRequest::Open(purpose) => egui_file::FileDialog::open_file()
                .multi_select(*purpose == FilePurpose::OpenCertificates)
                .show_files_filter(Box::new(move |path| {
                    listed(path, all.load(std::sync::atomic::Ordering::Relaxed))
                }))
                .open_button_text("Open".into()),
            FileRequest::Save { file_name, .. } => {
                egui_file::FileDialog::save_file().default_filename(file_name.clone())
            }
        }
        .initial_path(folder)
        .title(&title)
        .id(egui::Id::unique(("chainlens_file_dialog", self.opened)))
        .default_size([640.0, 460.0])
        .show_rename(false)
        .show_new_folder(matches!(request, FileRequest::Save { .. }))
        .keep_on_top(true);
        dialog.open();
        self.open = Some(OpenDialog {
            request,
            dialog,
            all_files,
        });
    }

    /// Closes the in-window dialog without a choice.
    pub fn close(&mut self) {
        self.open = None;
        self.note = None;
    }
}

/// Draws the in-window dialog when open; sends what the user decided.
pub fn file_dialog_ui(ctx: &Context, dialogs: &mut FileDialogs, commands: &mut CommandQueue) {
    if let Some(command) = file_dialog_choice(ctx, dialogs) {
        commands.send(command);
    }
}

/// The dialog itself; a command once it closes.
fn file_dialog_choice(ctx: &Context, dialogs: &mut FileDialogs) -> Option<Command> {
    let open = dialogs.open.as_mut()?;
    if let Some(note) = &dialogs.note {
        // Why this dialog and not the desktop's: said once, above it.
        egui::Area::new(egui::Id::unique("file_dialog_note"))
            .anchor(egui::Align2::CENTER_TOP, [0.0, 8.0])
            .order(egui::Order::Foreground)
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.add(egui::Label::new(note.as_str()).extend());
                });
            });
    }
    if matches!(open.request, FileRequest::Open(_)) {
        // egui_file has no type menu: the choice sits at the foot of the window.
        egui::Area::new(egui::Id::unique("file_dialog_filter"))
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -8.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    let mut all = open.all_files.load(std::sync::atomic::Ordering::Relaxed);
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut all, false, CERTIFICATE_FILTER);
                        ui.radio_value(&mut all, true, "All files");
                    });
                    let before = open
                        .all_files
                        .swap(all, std::sync::atomic::Ordering::Relaxed);
                    if before != all {
                        // The listing is read once per folder: read it again.
                        let folder = open.dialog.directory().to_path_buf();
                        open.dialog.set_path(folder);
                    }
                });
            });
    }
    open.dialog.show(ctx);
    let command = match open.dialog.state() {
        egui_file::State::Open => return None,
        egui_file::State::Selected => {
            let mut paths: Vec<PathBuf> = open
                .dialog
                .selection()
                .into_iter()
                .map(Path::to_path_buf)
                .collect();
            if paths.is_empty()
                && let Some(path) = open.dialog.path()
            {
                paths.push(path.to_path_buf());
            }
            // A folder is browsed into, never opened as a certificate.
            paths.retain(|p| !p.is_dir());
            Command::FilesPicked {
                request: open.request.clone(),
                paths,
            }
        }
        egui_file::State::Cancelled | egui_file::State::Closed => Command::FileDialogClosed,
    };
    dialogs.close();
    Some(command)
}

/// The pictograms egui_file puts in its title and rows (📂 💾 🗀 🗋 ⬆ ⟲), which no bundled font
/// has: drawn as simple shapes instead of boxes. Installed once with
/// [`egui::Context::add_glyph_rasterizer`].
pub fn dialog_icons() -> egui::epaint::text::GlyphRasterizer {
    use egui::epaint::text::{GlyphBitmap, GlyphRasterizer, RasterizedGlyph};
    GlyphRasterizer::new("chainlens::file_dialog::icons", |request| {
        let shape = request.cluster.chars().next().and_then(Icon::of)?;
        let em = request.font_size_px.max(4.0);
        let side = (em * 0.8).round().max(3.0) as usize;
        // 3×3 samples a pixel: smooth enough edges at text sizes.
        let mut image = egui::ColorImage::filled([side, side], egui::Color32::TRANSPARENT);
        for y in 0..side {
            for x in 0..side {
                let mut hits = 0u32;
                for sy in 0..3 {
                    for sx in 0..3 {
                        let u = (x as f32 + (sx as f32 + 0.5) / 3.0) / side as f32;
                        let v = (y as f32 + (sy as f32 + 0.5) / 3.0) / side as f32;
                        hits += u32::from(shape.covers(u, v));
                    }
                }
                let alpha = (hits * 255 / 9) as u8;
                if let Some(pixel) = image.pixels.get_mut(y * side + x) {
                    *pixel = egui::Color32::from_white_alpha(alpha);
                }
            }
        }
        Some(RasterizedGlyph {
            bitmap: GlyphBitmap {
                image,
                offset_px: egui::vec2(em * 0.1, -em * 0.78),
                is_color: false,
            },
            advance_px: em,
        })
    })
}

/// The shapes of [`dialog_icons`].
#[derive(Clone, Copy)]
enum Icon {
    Folder,
    File,
    Disk,
    Up,
    Refresh,
}

impl Icon {
    fn of(c: char) -> Option<Self> {
        Some(match c {
            '📂' | '📁' | '🗀' => Icon::Folder,
            '🗋' => Icon::File,
            '💾' => Icon::Disk,
            '⬆' => Icon::Up,
            '⟲' => Icon::Refresh,
            _ => return None,
        })
    }

    /// Whether the point (u, v) of the unit square, v downwards, is ink.
    fn covers(self, u: f32, v: f32) -> bool {
        let line = 0.12;
        let inside = |x0: f32, y0: f32, x1: f32, y1: f32| u >= x0 && u <= x1 && v >= y0 && v <= y1;
        let frame = |x0: f32, y0: f32, x1: f32, y1: f32| {
            inside(x0, y0, x1, y1) && !inside(x0 + line, y0 + line, x1 - line, y1 - line)
        };
        match self {
            Icon::Folder => inside(0.0, 0.12, 0.45, 0.3) || inside(0.0, 0.25, 1.0, 0.9),
            Icon::File => {
                frame(0.15, 0.0, 0.85, 1.0)
                    || inside(0.3, 0.3, 0.7, 0.38)
                    || inside(0.3, 0.55, 0.7, 0.63)
            }
            Icon::Disk => frame(0.0, 0.0, 1.0, 1.0) || inside(0.25, 0.0, 0.75, 0.35),
            Icon::Up => {
                let head = v <= 0.5 && (u - 0.5).abs() <= v;
                head || inside(0.38, 0.45, 0.62, 1.0)
            }
            Icon::Refresh => {
                let (du, dv) = (u - 0.5, v - 0.5);
                let r = (du * du + dv * dv).sqrt();
                let ring = (0.28..=0.45).contains(&r) && !(du > 0.0 && dv < 0.0);
                let head = inside(0.5, 0.0, 0.75, 0.3) && u - 0.5 <= 0.3 - v.max(0.0) + 0.1;
                ring || head
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::export::ExportFormat;

    #[test]
    fn open_dialogs_list_certificate_files_unless_all_files() {
        use std::path::Path;
        for name in [
            "leaf.pem",
            "ROOT.CRT",
            "chain.p7b",
            "list.crl",
            "id.p12",
            "id.pfx",
            "certs.der",
            "ca.cer",
            "x509_crt_bundle.bin",
            "ca_cert.h",
            "certs.c",
            "build/x509_crt_bundle",
        ] {
            assert!(listed(Path::new(name), false), "{name}");
        }
        assert!(!listed(Path::new("notes.odt"), false));
        assert!(!listed(Path::new("Makefile"), false));
        assert!(listed(Path::new("Makefile"), true));
    }

    #[test]
    fn the_override_chooses_a_backend() {
        assert_eq!(
            backend_override(Some("builtin")),
            Some(DialogBackend::Builtin {
                reason: "CHAINLENS_FILE_DIALOG=builtin".into()
            })
        );
        assert_eq!(
            backend_override(Some(" Portal ")),
            Some(DialogBackend::Portal)
        );
        assert_eq!(backend_override(Some("whatever")), None);
        assert_eq!(backend_override(None), None);
    }

    #[test]
    fn titles_name_the_purpose() {
        assert_eq!(
            FileRequest::Open(FilePurpose::AddTrustBundle).title(),
            "Add a trust bundle"
        );
        assert_eq!(
            FileRequest::Save {
                format: ExportFormat::Png,
                file_name: "x.png".into()
            }
            .title(),
            "Export Diagram as PNG"
        );
    }

    #[test]
    fn an_unusable_bus_address_is_no_portal() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let answer = runtime.block_on(probe_portal(Some(
            "unix:path=/nonexistent/chainlens-test-bus".into(),
        )));
        assert!(answer.is_err(), "{answer:?}");
    }
}
