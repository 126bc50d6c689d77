//! Every decoded field of the selected certificate, grouped as `openssl x509 -text` groups
//! them, with copy buttons, the checks of its issuer link and the connection facts.

use egui::{CollapsingHeader, RichText, Ui};
use time::OffsetDateTime;

use crate::model::{CertId, Certificate, CheckStatus, DistinguishedName, Inspection, IssuerRef};
use crate::report::text::{extension_text, public_key_text};
use crate::verify::{human_date, human_time};

use super::command::{Command, CommandQueue};
use super::palette::{scene_theme, to_color32};
use crate::verify::TrustStore;

/// Width of the folded details panel: room for its "Details" button.
const DETAILS_FOLDED_WIDTH: f32 = 90.0;
/// Width of the details panel: it keeps it whatever is selected (long names wrap, raw text
/// scrolls sideways), until the user drags its edge.
const DETAILS_WIDTH: f32 = 340.0;
/// The details panel's narrowest width.
const DETAILS_MIN_WIDTH: f32 = 260.0;
/// The widest the panel may be dragged.
const DETAILS_MAX_WIDTH: f32 = 720.0;
/// The share of the window's width the panel starts at (up to [`DETAILS_WIDTH`]).
const DETAILS_SHARE: f32 = 0.3;
/// The largest share of the window's width the panel may take.
const DETAILS_MAX_SHARE: f32 = 0.4;

/// What the details panel shows.
pub struct DetailsView<'a> {
    /// The current inspection.
    pub inspection: Option<&'a Inspection>,
    /// The selected certificate.
    pub selected: Option<CertId>,
    /// The selected certificate's text, built once for the selection.
    pub certificate_text: Option<(CertId, &'a str)>,
    /// Which store's path the diagram shows.
    pub store_index: usize,
    /// Whether the source is a bundle shown as a list.
    pub in_bundle: bool,
    /// What is shown: selection, source generation, bundle focus. When it changes, the panel
    /// starts again at the top.
    pub shown: (Option<CertId>, u64, Option<usize>),
    /// The chosen, loaded trust stores.
    pub stores: Vec<&'a TrustStore>,
}

/// What the details panel keeps from frame to frame.
pub struct DetailsState<'a> {
    /// What it showed last frame.
    pub shown: &'a mut Option<(Option<CertId>, u64, Option<usize>)>,
    /// Its scroll offset, as drawn.
    pub scroll_y: &'a mut f32,
    /// Its width, as drawn.
    pub width: &'a mut f32,
    /// Folded to a strip with one button that opens it.
    pub collapsed: bool,
}

/// Draws the details panel on the right; sends what the user asked for.
pub fn details_panel_ui(
    ui: &mut Ui,
    view: &DetailsView<'_>,
    state: DetailsState<'_>,
    commands: &mut CommandQueue,
) {
    if state.collapsed {
        let panel = egui::Panel::right("details_panel_folded")
            .resizable(false)
            .exact_size(DETAILS_FOLDED_WIDTH)
            .show(ui, |ui| {
                ui.add_space(6.0);
                if ui
                    .button("Details")
                    .on_hover_text("Show the details panel")
                    .clicked()
                {
                    commands.send(Command::CollapseDetails(false));
                }
            });
        *state.width = panel.response.rect.width();
        return;
    }
    let reset = *state.shown != Some(view.shown);
    *state.shown = Some(view.shown);
    // A share of the window, so that a small window keeps room for the diagram: 340 points
    // at 1280 wide, 270 at 900, and never more than 40 % of the width.
    let window = ui.ctx().content_rect().width();
    let max = (window * DETAILS_MAX_SHARE).clamp(DETAILS_MIN_WIDTH, DETAILS_MAX_WIDTH);
    let panel = egui::Panel::right("details_panel")
        .resizable(true)
        .default_size((window * DETAILS_SHARE).clamp(DETAILS_MIN_WIDTH, DETAILS_WIDTH))
        .min_size(DETAILS_MIN_WIDTH)
        .max_size(max)
        .show(ui, |ui| {
            let mut area = egui::ScrollArea::vertical()
                .id_salt("details_scroll")
                .auto_shrink([false, false]);
            if reset {
                area = area.vertical_scroll_offset(0.0);
            }
            let output = area.show(ui, |ui| {
                // Content never widens the panel: what does not fit wraps or scrolls.
                ui.set_max_width(ui.available_width());
                ui.add_space(6.0);
                if ui
                    .small_button("Hide details ▶")
                    .on_hover_text("Fold this panel to give the diagram the room")
                    .clicked()
                {
                    commands.send(Command::CollapseDetails(true));
                }
                details_ui(ui, view, commands);
            });
            output.state.clamped_offset().y
        });
    *state.scroll_y = panel.inner;
    *state.width = panel.response.rect.width();
}

fn details_ui(ui: &mut Ui, view: &DetailsView<'_>, commands: &mut CommandQueue) {
    let Some(insp) = view.inspection else {
        ui.label(RichText::new("Open a chain to see its certificates.").weak());
        return;
    };
    let selected = view.selected;
    let Some((id, cert)) = selected.and_then(|id| insp.cert(id).map(|c| (id, c))) else {
        ui.strong("Certificate details");
        ui.label(RichText::new("Click a certificate in the diagram to see every field.").weak());
        ui.add_space(8.0);
        certificate_list_ui(ui, view, commands);
        connection_ui(insp, ui);
        return;
    };
    let mut copied = None;
    ui.add(
        egui::Label::new(RichText::new(cert.label()).heading())
            .wrap()
            .selectable(true),
    );
    ui.label(
        RichText::new(format!(
            "{} · certificate {} of {}",
            insp.role(id).as_str(),
            id.index() + 1,
            insp.certificates.len()
        ))
        .weak(),
    );
    if let Some(crate::model::CertOrigin::Aia { url }) = insp.inspected(id).map(|c| &c.origin) {
        ui.add(
            egui::Label::new(
                RichText::new(format!("Downloaded, not sent by the server ({url})"))
                    .color(ui.visuals().warn_fg_color),
            )
            .wrap(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Copy PEM")
            .on_hover_text("Copy this certificate as PEM")
            .clicked()
        {
            ui.ctx().copy_text(cert.to_pem());
            copied = Some("the PEM");
        }
        if ui
            .button("Copy SHA-256")
            .on_hover_text(&cert.sha256)
            .clicked()
        {
            ui.ctx().copy_text(cert.sha256.clone());
            copied = Some("the SHA-256 fingerprint");
        }
        if ui
            .button("Copy SPKI pin")
            .on_hover_text(format!("sha256/{}", cert.public_key.spki_sha256_base64))
            .clicked()
        {
            ui.ctx()
                .copy_text(format!("sha256/{}", cert.public_key.spki_sha256_base64));
            copied = Some("the SPKI pin");
        }
    });
    let is_leaf = insp
        .groups
        .first()
        .and_then(|g| g.certificates.first())
        .is_some_and(|&leaf| leaf == id);
    if is_leaf {
        // For a fetched chain, how it was fetched belongs with the leaf, near the top.
        connection_ui(insp, ui);
        super::ct_section::ct_section_ui(ui, insp);
    }
    ui.add_space(4.0);
    let held_by: Vec<String> = view
        .stores
        .iter()
        .filter(|store| store.holds(cert))
        .map(|store| store.name.clone())
        .collect();
    checks_ui(ui, insp, id, view.store_index, &held_by);
    fields_ui(ui, cert, insp.policy.time);
    // Built by the window's logic when the selection changed, not every frame.
    let raw_text = view
        .certificate_text
        .filter(|(shown, _)| *shown == id)
        .map(|(_, text)| text)
        .unwrap_or_default();
    CollapsingHeader::new("Raw text")
        .id_salt(("raw", id))
        .show(ui, |ui| {
            egui::ScrollArea::horizontal()
                .id_salt(("raw_scroll", id))
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(raw_text).monospace())
                            .selectable(true)
                            .extend(),
                    );
                });
        });
    ui.add_space(8.0);
    if ui.button("Show all certificates").clicked() {
        commands.send(Command::Select(None));
    }
    if !is_leaf {
        connection_ui(insp, ui);
    }
    if let Some(what) = copied {
        commands.send(Command::Toast(format!("Copied {what} to the clipboard")));
    }
}

/// The certificates of the inspection as a list, for when nothing is selected.
fn certificate_list_ui(ui: &mut Ui, view: &DetailsView<'_>, commands: &mut CommandQueue) {
    let Some(insp) = view.inspection else {
        return;
    };
    let theme = scene_theme(ui);
    ui.strong("Certificates");
    let mut chosen = None;
    let total = insp.certificates.len();
    for (id, entry) in insp.cert_ids().take(LIST_LIMIT) {
        let cert = &entry.certificate;
        // The link the diagram draws (on the shown store's path), so the dot and the box
        // stripe agree; any link of it otherwise.
        let status = drawn_link(insp, id, view.store_index).map(|l| l.status);
        ui.horizontal(|ui| {
            let color = status
                .map(|s| to_color32(crate::diagram::status_color(s, theme)))
                .unwrap_or(ui.visuals().weak_text_color());
            ui.colored_label(color, "●");
            if ui
                .selectable_label(
                    false,
                    format!("{} ({})", cert.label(), insp.role(id).as_str()),
                )
                .clicked()
            {
                chosen = Some(id);
            }
        });
    }
    if total > LIST_LIMIT {
        let more = if view.in_bundle {
            format!("… and {} more: the list shows them all", total - LIST_LIMIT)
        } else {
            format!("… and {} more", total - LIST_LIMIT)
        };
        ui.label(RichText::new(more).weak());
    }
    if let Some(id) = chosen {
        commands.send(Command::Select(Some(id)));
    }
}

/// How many certificates the panel lists when none is selected (a bundle has its own list).
const LIST_LIMIT: usize = 40;

fn checks_ui(ui: &mut Ui, insp: &Inspection, id: CertId, store: usize, held_by: &[String]) {
    let theme = scene_theme(ui);
    let color = |s: CheckStatus| to_color32(crate::diagram::status_color(s, theme));
    let path = insp.verdicts.get(store).and_then(|v| v.paths.first());
    // The link shown is the one on the drawn path, so the panel agrees with the diagram.
    let link = drawn_link(insp, id, store);
    let title = match link {
        Some(link) => format!("Checks of its link to {}", insp.issuer_label(link.issuer)),
        None => "Checks".to_string(),
    };
    CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(("checks", id))
        .default_open(true)
        .show(ui, |ui| {
            match link {
                Some(link) => {
                    for check in &link.checks {
                        let word = link.status_word(check);
                        // A check that was not performed is grey, whatever it counts as.
                        let shade = if word == check.status.as_str() {
                            color(check.status)
                        } else {
                            color(CheckStatus::Unknown)
                        };
                        let reason = crate::report::words::check(check);
                        check_row_ui(ui, shade, word, check.name.as_str(), &reason);
                    }
                    // Evidence set aside on the way to a good or revoked status.
                    if let Some(revocation) = &link.revocation
                        && revocation.status != crate::model::RevocationStatus::Unknown
                    {
                        for problem in &revocation.problems {
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!(
                                        "Also: {}",
                                        crate::report::words::evidence_problem(problem)
                                    ))
                                    .weak(),
                                )
                                .wrap(),
                            );
                        }
                    }
                    if let IssuerRef::Anchor(_) = link.issuer {
                        ui.label(
                            RichText::new("The issuer is a trust anchor of the store.").weak(),
                        );
                    }
                    other_candidates_ui(ui, insp, link, &color);
                }
                None => {
                    let is_anchor = insp.anchors.iter().any(|a| a.certificate == Some(id));
                    let self_signed = insp.cert(id).is_some_and(|c| c.is_self_issued());
                    let found = found_issuer(insp, id, store);
                    ui.add(
                        egui::Label::new(anchor_sentence(
                            is_anchor,
                            self_signed,
                            held_by,
                            found.as_deref(),
                        ))
                        .wrap(),
                    );
                }
            }
            // Checks of the whole path (host name, anchor) belong with the leaf.
            if let Some(path) = path
                && path.certificates.first() == Some(&id)
                && !path.checks.is_empty()
            {
                ui.add_space(4.0);
                ui.label(RichText::new("Path checks").strong());
                for check in &path.checks {
                    let word = check.status_word();
                    // A check that was not performed (the second opinion on a CA target) is
                    // grey, as on the links.
                    let shade = if word == check.status.as_str() {
                        color(check.status)
                    } else {
                        color(CheckStatus::Unknown)
                    };
                    let reason = crate::report::words::check(check);
                    check_row_ui(ui, shade, word, check.name.as_str(), &reason);
                }
            }
        });
}

/// The issuer link of `id` that the diagram draws: the one on the first path of the shown
/// store, else any of its links.
fn drawn_link(insp: &Inspection, id: CertId, store: usize) -> Option<&crate::model::Link> {
    insp.verdicts
        .get(store)
        .and_then(|v| v.paths.first())
        .and_then(|p| {
            p.links
                .iter()
                .filter_map(|&l| insp.links.get(l))
                .find(|l| l.child == id)
        })
        .or_else(|| insp.link_from(id))
}

/// What the panel says of a certificate with no issuer link. A certificate that a chosen store
/// holds is a trust anchor, even when no path of this inspection reached it (a bundle of
/// roots): it is never "held by no chosen store".
/// The issuer of `id` that the shown store's search found among the certificates given, on
/// a chain that reaches no anchor (so the link between them was never checked).
fn found_issuer(insp: &Inspection, id: CertId, store: usize) -> Option<String> {
    let chain = &insp.verdicts.get(store)?.dead_end;
    let at = chain.iter().position(|&c| c == id)?;
    let issuer = chain.get(at + 1).and_then(|&i| insp.cert(i))?;
    Some(issuer.label())
}

/// What the details say of a certificate with no checked link to an issuer. `found` is an
/// issuer found among the certificates given on a chain that reaches no anchor.
pub fn anchor_sentence(
    is_anchor: bool,
    self_signed: bool,
    held_by: &[String],
    found: Option<&str>,
) -> String {
    if !held_by.is_empty() {
        format!(
            "A trust anchor of {}: trusted as it is, not checked against an issuer.",
            held_by.join(", ")
        )
    } else if is_anchor {
        "A trust anchor: trusted as it is, not checked against an issuer.".to_string()
    } else if self_signed {
        "Issued by itself (its issuer is its own subject), and no chosen trust store holds it."
            .to_string()
    } else if let Some(issuer) = found {
        format!(
            "Its issuer, {issuer}, is among the certificates given, but no path through it \
             reaches a trust anchor, so the link was not checked."
        )
    } else {
        "No issuer was found for this certificate: it was not given, and no chosen store \
         holds it."
            .to_string()
    }
}

/// Every other issuer the certificate was checked against, each with its most specific
/// problem, so a failing candidate is explained even when another one is drawn.
fn other_candidates_ui(
    ui: &mut Ui,
    insp: &Inspection,
    shown: &crate::model::Link,
    color: &dyn Fn(CheckStatus) -> egui::Color32,
) {
    let mut seen = vec![shown.issuer];
    let others: Vec<&crate::model::Link> = insp
        .links
        .iter()
        .filter(|l| l.child == shown.child)
        .filter(|l| {
            if seen.contains(&l.issuer) {
                false
            } else {
                seen.push(l.issuer);
                true
            }
        })
        .collect();
    if others.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Other candidate issuers").strong());
    for link in others {
        let problems: Vec<&crate::model::Check> = link
            .checks
            .iter()
            .filter(|c| c.status != CheckStatus::Pass && !c.is_lint())
            .collect();
        let worst = crate::model::Failure::most_specific(
            problems.iter().filter_map(|c| c.failure.as_ref()),
        );
        let reason = match (worst, problems.len()) {
            (Some(f), n) if n > 1 => format!("{f} (and {} more)", n - 1),
            (Some(f), _) => f.to_string(),
            (None, _) => "every check passes".to_string(),
        };
        let issuer = match link.issuer {
            IssuerRef::Certificate(id) => {
                format!("{} (#{})", insp.issuer_label(link.issuer), id.index() + 1)
            }
            IssuerRef::Anchor(_) => insp.issuer_label(link.issuer),
        };
        check_row_ui(
            ui,
            color(link.status),
            link.status.as_str(),
            &issuer,
            &reason,
        );
    }
}

/// One check: its word, its name and its reason as one wrapped paragraph, so that a long
/// unbroken token (a key identifier in hex) breaks inside the panel instead of running out
/// of it.
fn check_row_ui(ui: &mut Ui, color: egui::Color32, word: &str, name: &str, reason: &str) {
    let style = ui.style().clone();
    let mut job = egui::text::LayoutJob::default();
    RichText::new(format!("{word:<7} "))
        .monospace()
        .color(color)
        .append_to(
            &mut job,
            &style,
            egui::FontSelection::Default,
            egui::Align::Min,
        );
    RichText::new(format!("{name}  ")).strong().append_to(
        &mut job,
        &style,
        egui::FontSelection::Default,
        egui::Align::Min,
    );
    RichText::new(reason).append_to(
        &mut job,
        &style,
        egui::FontSelection::Default,
        egui::Align::Min,
    );
    job.wrap = egui::text::TextWrapping {
        max_width: ui.available_width(),
        break_anywhere: false,
        ..Default::default()
    };
    ui.add(egui::Label::new(job).wrap().selectable(true));
}

fn name_ui(ui: &mut Ui, title: &str, name: &DistinguishedName, id: &str) {
    CollapsingHeader::new(title)
        .id_salt(id)
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new(id)
                .num_columns(2)
                .spacing([8.0, 2.0])
                .show(ui, |ui| {
                    for attr in name.attributes() {
                        ui.label(RichText::new(&attr.short_name).weak())
                            .on_hover_text(&attr.oid);
                        ui.add(egui::Label::new(&attr.value).wrap().selectable(true));
                        ui.end_row();
                    }
                });
            if name.is_empty() {
                ui.label(RichText::new("(empty)").weak());
            }
            ui.add(
                egui::Label::new(RichText::new(&name.one_line).small().weak())
                    .wrap()
                    .selectable(true),
            );
        });
}

fn relative(from: OffsetDateTime, to: OffsetDateTime) -> String {
    let days = (to - from).whole_days();
    match days {
        0 => "today".to_string(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

fn fields_ui(ui: &mut Ui, cert: &Certificate, at: OffsetDateTime) {
    name_ui(ui, "Subject", &cert.subject, "subject");
    name_ui(ui, "Issuer", &cert.issuer, "issuer");
    CollapsingHeader::new("Validity")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("validity").num_columns(2).show(ui, |ui| {
                ui.label(RichText::new("Not before").weak());
                ui.add(
                    egui::Label::new(format!(
                        "{} ({})",
                        human_time(cert.validity.not_before),
                        relative(at, cert.validity.not_before)
                    ))
                    .wrap(),
                );
                ui.end_row();
                ui.label(RichText::new("Not after").weak());
                ui.add(
                    egui::Label::new(format!(
                        "{} ({})",
                        human_time(cert.validity.not_after),
                        relative(at, cert.validity.not_after)
                    ))
                    .wrap(),
                );
                ui.end_row();
                ui.label(RichText::new("Lifetime").weak());
                ui.label(format!(
                    "{} days",
                    (cert.validity.not_after - cert.validity.not_before).whole_days()
                ));
                ui.end_row();
            });
            ui.label(
                RichText::new(format!(
                    "relative to the validation time, {}",
                    human_date(at)
                ))
                .small()
                .weak(),
            );
        });
    CollapsingHeader::new("Serial number")
        .default_open(true)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(RichText::new(colon_hex(&cert.serial)).monospace())
                    .wrap()
                    .selectable(true),
            );
            ui.label(RichText::new(format!("version {}", cert.version)).weak());
        });
    CollapsingHeader::new("Signature algorithm")
        .default_open(true)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(format!(
                    "{} ({})",
                    cert.signature_algorithm.name, cert.signature_algorithm.oid
                ))
                .wrap()
                .selectable(true),
            );
            if !cert.signature_algorithms_match {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "differs from the algorithm inside tbsCertificate",
                );
            }
        });
    CollapsingHeader::new(format!("Public key: {}", cert.public_key.summary()))
        .id_salt("public_key")
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(RichText::new(public_key_text(&cert.public_key)).monospace())
                    .wrap()
                    .selectable(true),
            );
        });
    CollapsingHeader::new("Fingerprints")
        .default_open(true)
        .show(ui, |ui| {
            for (name, value) in [
                ("SHA-256", cert.sha256.clone()),
                ("SHA-1", cert.sha1.clone()),
                (
                    "SPKI pin",
                    format!("sha256/{}", cert.public_key.spki_sha256_base64),
                ),
            ] {
                ui.label(RichText::new(name).weak());
                ui.add(
                    egui::Label::new(RichText::new(value).monospace())
                        .wrap()
                        .selectable(true),
                );
            }
        });
    let count = cert.extensions.len();
    CollapsingHeader::new(RichText::new(format!("Extensions ({count})")).strong())
        .id_salt("extensions")
        .default_open(true)
        .show(ui, |ui| {
            if count == 0 {
                ui.label(RichText::new("none (a version 1 certificate)").weak());
            }
            for (i, ext) in cert.extensions.iter().enumerate() {
                let title = if ext.critical {
                    format!("{} (critical)", ext.name)
                } else {
                    ext.name.clone()
                };
                CollapsingHeader::new(title)
                    .id_salt(("ext", i, &ext.oid))
                    .default_open(count <= 10)
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(compact(&extension_text(ext))).monospace(),
                            )
                            .wrap()
                            .selectable(true),
                        );
                        ui.label(RichText::new(&ext.oid).small().weak());
                    });
            }
        });
}

/// Text without blank lines or trailing space: the panel's lines are already spaced.
pub fn compact(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `04a1ff` → `04:A1:FF`, as openssl prints serials.
fn colon_hex(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

fn connection_ui(insp: &Inspection, ui: &mut Ui) {
    let Some(conn) = insp.source.connection.as_ref() else {
        return;
    };
    ui.add_space(6.0);
    CollapsingHeader::new(RichText::new("Connection").strong())
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("connection").num_columns(2).show(ui, |ui| {
                let mut row = |name: &str, value: String| {
                    ui.label(RichText::new(name).weak());
                    ui.add(egui::Label::new(value).wrap().selectable(true));
                    ui.end_row();
                };
                row("Address", conn.address.clone());
                if let Some(protocol) = &conn.starttls {
                    row("STARTTLS", protocol.clone());
                }
                row(
                    "SNI",
                    conn.sni.clone().unwrap_or_else(|| "(none sent)".into()),
                );
                row("TLS version", conn.tls_version.clone());
                row("Cipher suite", conn.cipher_suite.clone());
                if let Some(group) = &conn.key_exchange_group {
                    row(
                        "Key exchange",
                        format!(
                            "{group} ({})",
                            crate::report::words::key_exchange_kind(conn.post_quantum)
                        ),
                    );
                }
                if let Some(legacy) = &conn.legacy {
                    row("Key exchange", legacy.key_exchange.clone());
                    row(
                        "Legacy TLS",
                        format!(
                            "chain read from the plaintext TLS 1.0–1.2 handshake, as rustls \
                             found {}",
                            legacy.modern_failure
                        ),
                    );
                    row(
                        "Key proof",
                        crate::model::LegacyHandshake::NOT_COMPLETED.to_owned(),
                    );
                }
                if !conn.alpn_offered.is_empty() {
                    row("ALPN offered", conn.alpn_offered.join(", "));
                }
                row(
                    "ALPN chosen",
                    conn.alpn.clone().unwrap_or_else(|| "(none)".into()),
                );
                row(
                    "Stapled OCSP",
                    if conn.ocsp_response_len > 0 {
                        match crate::report::text::stapled_status(insp) {
                            Some(status) => format!("{} bytes, {status}", conn.ocsp_response_len),
                            None => format!("{} bytes", conn.ocsp_response_len),
                        }
                    } else {
                        "none".into()
                    },
                );
                row(
                    "Handshake",
                    if conn.handshake_completed {
                        format!("{} ms", conn.handshake_ms)
                    } else if conn.legacy.is_some() {
                        format!(
                            "not completed ({} ms to the certificates)",
                            conn.handshake_ms
                        )
                    } else {
                        "not completed (the server aborted it after its certificates)".into()
                    },
                );
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_text_has_no_blank_lines() {
        assert_eq!(compact("a\n\n  b  \n\n"), "a\n  b");
    }

    #[test]
    fn a_root_a_chosen_store_holds_is_called_a_trust_anchor() {
        let held = vec!["Mozilla roots".to_string()];
        let sentence = anchor_sentence(false, true, &held, None);
        assert!(
            sentence.contains("trust anchor of Mozilla roots"),
            "{sentence}"
        );
        assert!(!sentence.contains("no chosen trust store"), "{sentence}");
        assert!(anchor_sentence(false, true, &[], None).contains("no chosen trust store holds it"));
        assert!(anchor_sentence(true, true, &[], None).starts_with("A trust anchor"));
    }
}
