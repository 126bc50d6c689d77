//! A file of many unrelated certificates (a system bundle, a fleet's certificates) as a
//! searchable, sortable list instead of one fake chain: subject, issuer, not after with the
//! days left, key, SHA-256 prefix and role. Selecting a row shows that certificate's chain in
//! the diagram and its fields in the details panel.
//!
//! The list draws only its visible rows, so 10,000 certificates stay interactive; filtering
//! and sorting run when the filter or the order changes, not every frame.

use std::collections::HashMap;

use egui::{RichText, Ui};
use time::OffsetDateTime;

use super::command::{Command, CommandQueue};
use crate::model::Certificate;
use crate::verify::{TrustStore, human_date};

/// Fewer certificates than this are always one source, drawn as a chain.
pub const BUNDLE_MIN_CERTIFICATES: usize = 6;

/// Whether `count` certificates of which `ends` issue no other one of them are "many
/// unrelated certificates": at least [`BUNDLE_MIN_CERTIFICATES`], and more than half of them
/// chain to nothing else in the file. One chain has one end; a bundle of roots has as many
/// ends as roots; a fleet of leaves under a few CAs has one end a leaf.
pub fn is_big_bundle(count: usize, ends: usize) -> bool {
    count >= BUNDLE_MIN_CERTIFICATES && ends * 2 > count
}

/// How many of `certs` issue no other certificate of them (their subject is no other's issuer).
pub fn chain_ends(certs: &[Certificate]) -> usize {
    let mut issued: HashMap<&[u8], usize> = HashMap::new();
    for cert in certs {
        if !cert.is_self_issued() {
            *issued.entry(cert.issuer.der.as_slice()).or_default() += 1;
        }
    }
    certs
        .iter()
        .filter(|c| !issued.contains_key(c.subject.der.as_slice()))
        .count()
}

/// Whether `certs` are many unrelated certificates (see [`is_big_bundle`]).
pub fn looks_like_bundle(certs: &[Certificate]) -> bool {
    is_big_bundle(certs.len(), chain_ends(certs))
}

/// A certificate's role in a bundle, from the certificate and the chosen stores alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BundleRole {
    /// A chosen store holds it.
    TrustAnchor,
    /// A self-issued CA that no chosen store holds.
    Root,
    /// A CA certificate issued by another.
    Intermediate,
    /// An end-entity certificate.
    Leaf,
}

impl BundleRole {
    /// Words for the list.
    pub fn as_str(self) -> &'static str {
        match self {
            BundleRole::TrustAnchor => "trust anchor",
            BundleRole::Root => "root",
            BundleRole::Intermediate => "intermediate",
            BundleRole::Leaf => "leaf",
        }
    }

    /// The role of `cert` when `stores` are chosen.
    pub fn of(cert: &Certificate, stores: &[&TrustStore]) -> Self {
        if stores.iter().any(|s| s.holds(cert)) {
            BundleRole::TrustAnchor
        } else if cert.is_self_issued() && cert.is_ca() {
            BundleRole::Root
        } else if cert.is_ca() {
            BundleRole::Intermediate
        } else {
            BundleRole::Leaf
        }
    }
}

/// One row, its texts made once.
#[derive(Clone, Debug)]
pub struct BundleRow {
    /// Index of the certificate in the loaded source.
    pub cert: usize,
    /// The subject's label, with the serial when another certificate has the same label.
    pub subject: String,
    /// The issuer's label.
    pub issuer: String,
    /// Not after.
    pub not_after: OffsetDateTime,
    /// Whole days from the validation time to not after (negative: expired).
    pub days_left: i64,
    /// The key in short (`RSA 2048`, `EC P-256`).
    pub key: String,
    /// The first 16 hex digits of the SHA-256 fingerprint.
    pub sha256: String,
    /// Its role.
    pub role: BundleRole,
    /// Everything the filter looks in, lower case.
    haystack: String,
}

/// A column of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Subject.
    Subject,
    /// Issuer.
    Issuer,
    /// Not after.
    NotAfter,
    /// Key.
    Key,
    /// SHA-256 prefix.
    Sha256,
    /// Role.
    Role,
}

impl Column {
    /// Every column, in order.
    pub const ALL: [Column; 6] = [
        Column::Subject,
        Column::Issuer,
        Column::NotAfter,
        Column::Key,
        Column::Role,
        Column::Sha256,
    ];

    /// The header's words.
    pub fn title(self) -> &'static str {
        match self {
            Column::Subject => "Subject",
            Column::Issuer => "Issuer",
            Column::NotAfter => "Not after",
            Column::Key => "Key",
            Column::Sha256 => "SHA-256",
            Column::Role => "Role",
        }
    }
}

/// The list's state: rows, filter, order and the selected row.
#[derive(Clone, Debug)]
pub struct BundleView {
    /// Every row, in file order.
    pub rows: Vec<BundleRow>,
    /// The filter as typed.
    pub filter: String,
    /// The sort column and whether ascending.
    pub sort: (Column, bool),
    /// Indexes into `rows` that pass the filter, in the chosen order.
    pub visible: Vec<usize>,
    /// The certificate (index in the source) whose chain is shown, if any.
    pub focus: Option<usize>,
    /// Scroll the list to the focused row on the next frame.
    scroll_to_focus: bool,
    /// The width the columns were last fitted to: when the panel's width changes (the
    /// window is resized), they are fitted again.
    fitted_to: f32,
}

impl BundleView {
    /// The list of `certs`, roles by `stores`, days left from `at`.
    pub fn new(certs: &[Certificate], stores: &[&TrustStore], at: OffsetDateTime) -> Self {
        let mut view = Self {
            rows: rows(certs, stores, at),
            filter: String::new(),
            sort: (Column::Subject, true),
            visible: Vec::new(),
            focus: None,
            scroll_to_focus: false,
            fitted_to: 0.0,
        };
        view.refresh();
        view
    }

    /// New rows for another policy (stores, time), keeping the filter, order and focus.
    pub fn update(&mut self, certs: &[Certificate], stores: &[&TrustStore], at: OffsetDateTime) {
        self.rows = rows(certs, stores, at);
        self.refresh();
    }

    /// Filters and sorts again.
    pub fn refresh(&mut self) {
        let needle = self.filter.trim().to_lowercase();
        let mut visible: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| needle.is_empty() || r.haystack.contains(&needle))
            .map(|(i, _)| i)
            .collect();
        let (column, ascending) = self.sort;
        let rows = &self.rows;
        visible.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (rows.get(a), rows.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            let order = match column {
                Column::Subject => a.subject.to_lowercase().cmp(&b.subject.to_lowercase()),
                Column::Issuer => a.issuer.to_lowercase().cmp(&b.issuer.to_lowercase()),
                Column::NotAfter => a.not_after.cmp(&b.not_after),
                Column::Key => a.key.cmp(&b.key),
                Column::Sha256 => a.sha256.cmp(&b.sha256),
                Column::Role => a.role.cmp(&b.role),
            }
            .then(a.cert.cmp(&b.cert));
            if ascending { order } else { order.reverse() }
        });
        self.visible = visible;
    }

    /// Sorts by `column`; a second click on the same column reverses the order.
    pub fn sort_by(&mut self, column: Column) {
        self.sort = if self.sort.0 == column {
            (column, !self.sort.1)
        } else {
            (column, true)
        };
        self.refresh();
    }

    /// The rows shown, in order.
    pub fn visible_rows(&self) -> impl Iterator<Item = &BundleRow> {
        self.visible.iter().filter_map(|&i| self.rows.get(i))
    }
}

fn rows(certs: &[Certificate], stores: &[&TrustStore], at: OffsetDateTime) -> Vec<BundleRow> {
    let mut label_count: HashMap<String, usize> = HashMap::new();
    for cert in certs {
        *label_count.entry(cert.label()).or_default() += 1;
    }
    certs
        .iter()
        .enumerate()
        .map(|(i, cert)| {
            let label = cert.label();
            let subject = if label_count.get(&label).copied().unwrap_or(0) > 1 {
                // Same name twice: the serial tells them apart (the fingerprint is a column).
                let serial: String = cert.serial.chars().take(12).collect();
                let more = if cert.serial.len() > 12 { "…" } else { "" };
                format!("{label} · serial {serial}{more}")
            } else {
                label
            };
            let issuer = cert.issuer.display_label();
            let key = cert.public_key.summary();
            let sha256: String = cert.sha256.chars().filter(|c| *c != ':').take(16).collect();
            let role = BundleRole::of(cert, stores);
            let haystack = format!(
                "{subject}\n{}\n{issuer}\n{}\n{key}\n{}\n{}",
                cert.subject.one_line,
                cert.issuer.one_line,
                cert.sha256.replace(':', ""),
                role.as_str()
            )
            .to_lowercase();
            BundleRow {
                cert: i,
                subject,
                issuer,
                not_after: cert.validity.not_after,
                days_left: (cert.validity.not_after - at).whole_days(),
                key,
                sha256: sha256.to_lowercase(),
                role,
                haystack,
            }
        })
        .collect()
}

/// Height of a list row.
const ROW_HEIGHT: f32 = 20.0;

/// Draws the list as a panel above the diagram; sends what the user asked for.
pub fn bundle_list_ui(ui: &mut Ui, view: &mut BundleView, commands: &mut CommandQueue) {
    egui::Panel::top("bundle_list")
        .resizable(true)
        .default_size(300.0)
        .min_size(140.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            // Wraps in a narrow window rather than widening the panel under the details.
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{} certificates in this file", view.rows.len()));
                let label = ui.label("Filter");
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut view.filter)
                            .hint_text("name, issuer, key, fingerprint or role")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    view.refresh();
                }
                if view.visible.len() != view.rows.len() {
                    ui.label(format!("{} shown", view.visible.len()));
                }
                if view.focus.is_some()
                    && ui
                        .button("Show the whole file")
                        .on_hover_text("Leave the chain of the selected certificate")
                        .clicked()
                {
                    commands.send(Command::ClearBundleFocus);
                }
            });
            ui.add_space(2.0);
            table_ui(ui, view, commands);
        });
}

/// The columns' preferred and smallest widths (subject, issuer, not after, key, role); the
/// SHA-256 column takes what is left.
const COLUMN_WIDTHS: [(f32, f32); 5] = [
    (200.0, 80.0),
    (160.0, 60.0),
    (140.0, 60.0),
    (95.0, 40.0),
    (95.0, 50.0),
];
/// The SHA-256 column's smallest width.
const LAST_COLUMN_MIN: f32 = 60.0;

/// The starting widths of the fixed columns for a table `width` wide: the preferred ones
/// where they fit, else each scaled down alike (never below its smallest), so that the table
/// is never wider than its panel (a wider one spills under the details panel).
pub fn fitted_widths(width: f32, spacing: f32) -> [f32; 5] {
    let preferred: f32 = COLUMN_WIDTHS.iter().map(|(p, _)| p).sum();
    let room = width - spacing * COLUMN_WIDTHS.len() as f32 - LAST_COLUMN_MIN;
    let scale = (room / preferred).clamp(0.0, 1.0);
    COLUMN_WIDTHS.map(|(p, min)| (p * scale).max(min).floor())
}

/// Adds the bundle table's columns, fitted to `width`.
trait FittedColumns: Sized {
    fn columns_fitted(self, width: f32, spacing: f32) -> Self;
}

impl FittedColumns for egui_extras::TableBuilder<'_> {
    fn columns_fitted(self, width: f32, spacing: f32) -> Self {
        use egui_extras::Column as Col;
        let mut table = self;
        for (w, (_, min)) in fitted_widths(width, spacing).into_iter().zip(COLUMN_WIDTHS) {
            table = table.column(Col::initial(w).at_least(min).clip(true));
        }
        table.column(Col::remainder().at_least(LAST_COLUMN_MIN).clip(true))
    }
}

fn table_ui(ui: &mut Ui, view: &mut BundleView, commands: &mut CommandQueue) {
    use egui_extras::TableBuilder;
    // The table's own width: what is left beside its vertical scroll bar.
    let width = ui.available_width() - ui.spacing().scroll.allocated_width();
    let spacing = ui.spacing().item_spacing.x;
    let warn = ui.visuals().warn_fg_color;
    let error = ui.visuals().error_fg_color;
    let mut sort = None;
    let focus_row = view.focus.and_then(|cert| {
        view.visible
            .iter()
            .position(|&i| view.rows.get(i).is_some_and(|r| r.cert == cert))
    });
    let mut table = TableBuilder::new(ui)
        .id_salt("bundle_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .columns_fitted(width, spacing)
        .min_scrolled_height(0.0)
        .max_scroll_height(f32::INFINITY)
        // The table fills the panel whatever the filter leaves: a short list would shrink
        // the panel, and it would stay short once the filter is cleared.
        .auto_shrink([false, false]);
    if (width - view.fitted_to).abs() >= 1.0 {
        // The columns start from the widths that fit; a width the user dragged lasts until
        // the window is resized.
        table.reset();
        view.fitted_to = width;
    }
    if view.scroll_to_focus
        && let Some(row) = focus_row
    {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    view.scroll_to_focus = false;
    table
        .header(ROW_HEIGHT + 2.0, |mut header| {
            for column in Column::ALL {
                header.col(|ui| {
                    let arrow = match view.sort {
                        (c, true) if c == column => " ▲",
                        (c, false) if c == column => " ▼",
                        _ => "",
                    };
                    if ui
                        .add(
                            egui::Button::new(
                                RichText::new(format!("{}{arrow}", column.title())).strong(),
                            )
                            .frame(false),
                        )
                        .on_hover_text(format!("Sort by {}", column.title().to_lowercase()))
                        .clicked()
                    {
                        sort = Some(column);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.visible.len(), |mut row| {
                let Some(data) = view
                    .visible
                    .get(row.index())
                    .and_then(|&i| view.rows.get(i))
                else {
                    return;
                };
                row.set_selected(view.focus == Some(data.cert));
                let cell = |text: String| egui::Label::new(text).selectable(false).truncate();
                row.col(|ui| {
                    ui.add(cell(data.subject.clone()));
                });
                row.col(|ui| {
                    ui.add(cell(data.issuer.clone()));
                });
                row.col(|ui| {
                    let days = data.days_left;
                    let text = if days < 0 {
                        format!("{} (expired)", human_date(data.not_after))
                    } else {
                        format!("{} ({days} d)", human_date(data.not_after))
                    };
                    let color = if days < 0 {
                        Some(error)
                    } else if days < 30 {
                        Some(warn)
                    } else {
                        None
                    };
                    let text = match color {
                        Some(c) => RichText::new(text).color(c),
                        None => RichText::new(text),
                    };
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                });
                row.col(|ui| {
                    ui.add(cell(data.key.clone()));
                });
                row.col(|ui| {
                    ui.add(cell(data.role.as_str().to_string()));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&data.sha256).monospace()).selectable(false),
                    );
                });
                if row.response().clicked() {
                    commands.send(Command::FocusBundleRow(data.cert));
                }
            });
        });
    if let Some(column) = sort {
        view.sort_by(column);
    }
}

impl BundleView {
    /// Focuses a certificate and scrolls the list to it.
    pub fn set_focus(&mut self, cert: Option<usize>) {
        self.focus = cert;
        self.scroll_to_focus = cert.is_some();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chain_is_no_bundle() {
        // Leaf, intermediate, root: one end.
        assert!(!is_big_bundle(3, 1));
        // A long chain with cross-signed copies still ends once.
        assert!(!is_big_bundle(8, 1));
        // A chain with a few extras is still a chain to draw.
        assert!(!is_big_bundle(5, 4));
    }

    #[test]
    fn many_roots_or_many_leaves_are_a_bundle() {
        // 144 roots: each is its own end.
        assert!(is_big_bundle(144, 144));
        // 10,000 leaves under 100 intermediates under one root.
        assert!(is_big_bundle(10_101, 10_000));
        // A chain plus half as many unrelated extras is still drawn as a chain.
        assert!(!is_big_bundle(12, 6));
    }
}
