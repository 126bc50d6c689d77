//! The store matrix: one row per trust store with its verdict, the first date it breaks, the
//! most specific reason and the path taken, side by side. Hovering a row lights its path in
//! the diagram; clicking it keeps it lit and draws that store's paths first. The panel has one
//! height whatever the number of stores or findings, so the next click lands where it aimed.
//! A reason cut to its first problem ends in a link, "(and N more problems)", that opens the
//! whole list in a window.
//!
//! The matrix reads a [`MatrixView`] and sends [`Command`]s that `App` applies.

use egui::{Color32, Label, RichText, Sense, Ui, Vec2};

use crate::model::{CertId, CheckName, CheckStatus, FindingKind, Inspection, PathResult};
use crate::report::matrix::{StoreRow, path_words, store_rows};
use crate::report::words;
use crate::verify::Timeline;

use super::command::{Command, CommandQueue};
use super::palette::to_color32;

/// Height of one matrix row.
const ROW_HEIGHT: f32 = 19.0;
/// Rows shown before the matrix scrolls: the default stores, the system store and a file of
/// the user's own, all at once.
const VISIBLE_ROWS: usize = 4;
/// Rows shown in a short window, where the diagram needs the height more; the header then
/// counts the rows ("2 of 4 trusted") and the scroll bar stays visible.
const VISIBLE_ROWS_SHORT: usize = 2;
/// Below this window height the matrix shows [`VISIBLE_ROWS_SHORT`] rows.
const SHORT_WINDOW_HEIGHT: f32 = 700.0;
/// Height of the one-line headline above the matrix.
const HEADLINE_HEIGHT: f32 = 22.0;
/// Widths of the fixed columns: store, verdict, breaks.
const COLUMN_WIDTHS: [f32; 3] = [170.0, 175.0, 200.0];

/// The failing path-level checks (host name, pin, depth, the second opinion) of a store's
/// best path: what the matrix marks beside the verdict.
fn path_level_failures(insp: &Inspection, store: usize) -> Vec<String> {
    insp.verdicts
        .get(store)
        .and_then(|v| v.paths.first())
        .map(|p| {
            p.checks
                .iter()
                .filter(|c| c.status == CheckStatus::Fail && c.name != CheckName::TrustAnchor)
                .map(|c| format!("{}: {}", c.name.as_str(), words::check(c)))
                .collect()
        })
        .unwrap_or_default()
}

/// What the store matrix shows.
pub struct MatrixView<'a> {
    /// The verdicts to show; nothing is drawn without one.
    pub inspection: Option<&'a Inspection>,
    /// The inspection's timeline (each store's break date).
    pub timeline: Option<&'a Timeline>,
    /// For each verdict, the problems of its best path, by certificate.
    pub problem_groups: &'a [Vec<ProblemGroup>],
    /// The path kept lit (store, path index), chosen by clicking a row.
    pub highlight: Option<(usize, usize)>,
    /// The store (by name) whose full list of problems is open.
    pub problems: Option<&'a str>,
}

/// Draws the store matrix as a top panel under the source bar, and the list of problems when
/// it is open; sends what the user asked for.
pub fn verdict_banner_ui(ui: &mut Ui, view: &MatrixView<'_>, commands: &mut CommandQueue) {
    let (Some(insp), Some(timeline)) = (view.inspection, view.timeline) else {
        commands.send(Command::HoverPath(None));
        return;
    };
    let theme = super::palette::scene_theme(ui);
    // A click that closes a menu (Recent, Export) over the matrix is the menu's, not a row's:
    // rows ignore clicks in the frame after a popup was open.
    let popup_flag = egui::Id::unique("store_matrix_popup_open");
    let popup_was_open: bool = ui.data(|d| d.get_temp(popup_flag)).unwrap_or(false);
    let popup_open = egui::Popup::is_any_open(ui.ctx());
    ui.data_mut(|d| d.insert_temp(popup_flag, popup_open));
    let rows = store_rows(insp, timeline);
    let highlight = view.highlight;
    let mut hovered = None;
    // The header, the rows and a little air: the same whatever is shown.
    // One height per window size, whatever the number of stores.
    let visible_rows = if ui.ctx().content_rect().height() < SHORT_WINDOW_HEIGHT {
        VISIBLE_ROWS_SHORT
    } else {
        VISIBLE_ROWS
    };
    // Rows are a row height and a gap apart; then the space above, the gaps between
    // headline, header and rows, and the frame's margins.
    let pitch = ROW_HEIGHT + ui.spacing().item_spacing.y;
    let rows_height = pitch * visible_rows as f32;
    let gaps = 3.0 * ui.spacing().item_spacing.y + 8.0;
    let height = HEADLINE_HEIGHT + ROW_HEIGHT + rows_height + gaps;
    let frame = egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(8, 2));
    egui::Panel::top("verdict_banner")
        .frame(frame)
        .exact_size(height)
        .resizable(false)
        .show(ui, |ui| {
            ui.add_space(2.0);
            if rows.is_empty() {
                ui.label(
                    RichText::new(
                        "No trust store chosen: choose one on the left to get a verdict.",
                    )
                    .color(ui.visuals().warn_fg_color)
                    .strong(),
                );
            } else {
                headline_ui(ui, theme, insp, &rows);
                let trusted = rows.iter().filter(|r| r.trusted).count();
                let hidden = rows.len() > visible_rows;
                header_ui(ui, hidden.then_some((trusted, rows.len())));
                let bar = if hidden {
                    egui::scroll_area::ScrollBarVisibility::AlwaysVisible
                } else {
                    egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded
                };
                egui::ScrollArea::vertical()
                    .id_salt("store_matrix")
                    .scroll_bar_visibility(bar)
                    .max_height(rows_height)
                    .min_scrolled_height(rows_height)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for row in &rows {
                            let path_failures = path_level_failures(insp, row.store_index);
                            let lit = highlight.map(|h| h.0) == Some(row.store_index);
                            let profile = insp
                                .verdicts
                                .get(row.store_index)
                                .map_or(insp.policy.profile, |v| v.profile);
                            let more = more_problems(insp, row);
                            let (response, show_all) =
                                row_ui(ui, theme, row, &path_failures, lit, profile, more);
                            if response.hovered() {
                                hovered = Some((row.store_index, 0));
                            }
                            if response.clicked() && !popup_was_open && !popup_open {
                                commands.send(Command::ChooseStore(row.store_index));
                                commands.send(Command::Highlight(if lit {
                                    None
                                } else {
                                    Some((row.store_index, 0))
                                }));
                            }
                            if show_all {
                                commands.send(Command::ShowProblems(row.store.clone()));
                            }
                        }
                    });
            }
        });
    commands.send(Command::HoverPath(hovered));
    if let Some(store) = view.problems {
        problems_window_ui(ui.ctx(), insp, view.problem_groups, store, theme, commands);
    }
}

/// A store's best path when it fails more than one check: what the reason cell shortens to
/// its first problem and a link to the others. `None` when the reason is whole.
struct MoreProblems {
    /// The first problem, as the reason begins.
    first: String,
    /// How many more there are.
    more: usize,
}

fn more_problems(insp: &Inspection, row: &StoreRow) -> Option<MoreProblems> {
    if row.trusted {
        return None;
    }
    let best = insp.verdicts.get(row.store_index)?.paths.first()?;
    let problems = words::path_problems(insp, best);
    let (first, rest) = problems.split_first()?;
    (!rest.is_empty()).then(|| MoreProblems {
        first: first.clone(),
        more: rest.len(),
    })
}

/// The words of the link after the first problem.
fn more_link_text(more: usize) -> String {
    words::more_problems(more)
}

/// The problems of one certificate of a path, or of the path as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemGroup {
    /// The certificate's short name, or "The whole path" for the path's own checks (host
    /// name, pins, depth, the second opinion).
    pub title: String,
    /// Each failing or undecided check: its failure code and its sentence.
    pub problems: Vec<(&'static str, String)>,
}

/// Every failing or undecided check of `path`, grouped by certificate in the path's order
/// (leaf first), then the path's own checks; the most specific first within a group.
pub fn problem_groups(insp: &Inspection, path: &PathResult) -> Vec<ProblemGroup> {
    let failures = crate::verify::path_failures(insp, path);
    let mut owners: Vec<Option<CertId>> = path.certificates.iter().copied().map(Some).collect();
    for problem in &failures {
        if !owners.contains(&problem.certificate) {
            owners.push(problem.certificate);
        }
    }
    // The path's own checks last, after every certificate.
    owners.retain(Option::is_some);
    owners.push(None);
    owners
        .into_iter()
        .filter_map(|owner| {
            let problems: Vec<(&'static str, String)> = failures
                .iter()
                .filter(|p| p.certificate == owner)
                .map(|p| (p.check.code(), words::check(p.check)))
                .collect();
            if problems.is_empty() {
                return None;
            }
            let title = match owner {
                Some(id) => insp
                    .cert(id)
                    .map_or_else(|| format!("Certificate #{id}"), |c| c.label()),
                None => "The whole path".to_string(),
            };
            Some(ProblemGroup { title, problems })
        })
        .collect()
}

/// The list as text, for the clipboard: a heading line, then each certificate and its
/// problems, one a line, with their codes.
pub fn problems_text(heading: &str, groups: &[ProblemGroup]) -> String {
    let mut text = format!("{heading}\n");
    for group in groups {
        text.push_str(&format!("\n{}\n", group.title));
        for (code, sentence) in &group.problems {
            text.push_str(&format!("  [{code}] {sentence}\n"));
        }
    }
    text
}

/// The window listing every problem of a store's best path: closable, scrollable, its text
/// selectable, with a Copy button. It fits a 900×600 screen.
fn problems_window_ui(
    ctx: &egui::Context,
    insp: &Inspection,
    problem_groups: &[Vec<ProblemGroup>],
    store: &str,
    theme: crate::diagram::Theme,
    commands: &mut CommandQueue,
) {
    let found = insp
        .verdicts
        .iter()
        .enumerate()
        .find(|(_, v)| v.store == store);
    let Some((index, verdict)) = found else {
        // The store is no longer chosen: nothing to list.
        commands.send(Command::CloseProblems);
        return;
    };
    let fail = to_color32(crate::diagram::status_color(CheckStatus::Fail, theme));
    let best = verdict.paths.first();
    let groups = problem_groups
        .get(index)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let count: usize = groups.iter().map(|g| g.problems.len()).sum();
    let heading = match best {
        Some(path) => format!(
            "{count} problem{} of the best path to {} ({}): {}",
            if count == 1 { "" } else { "s" },
            verdict.store,
            verdict.profile,
            path_words(insp, path)
        ),
        None => format!("{}: {}", verdict.store, words::verdict(insp, verdict)),
    };
    let screen = ctx.content_rect();
    let width = (screen.width() - 48.0).clamp(240.0, 640.0);
    let height = (screen.height() - 96.0).max(160.0);
    let mut open = true;
    egui::Window::new(format!("Problems — {}", verdict.store))
        .id(egui::Id::unique("store_problems"))
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(width)
        .max_width(screen.width() - 16.0)
        .max_height(height)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(screen.center())
        .show(ctx, |ui| {
            ui.add(
                Label::new(RichText::new(&heading).strong())
                    .wrap()
                    .selectable(true),
            );
            ui.horizontal(|ui| {
                if ui
                    .button("Copy")
                    .on_hover_text("Put the list on the clipboard as text")
                    .clicked()
                {
                    commands.send(Command::CopyProblems(problems_text(&heading, groups)));
                }
                ui.label(RichText::new("Select text to copy a part").weak());
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("store_problems_list")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if groups.is_empty() {
                        ui.label("The best path fails no check.");
                    }
                    // The codes are one column, so that the sentences start in line.
                    let code_font = egui::TextStyle::Monospace.resolve(ui.style());
                    let code_width = groups
                        .iter()
                        .flat_map(|g| &g.problems)
                        .map(|(code, _)| {
                            ui.painter()
                                .layout_no_wrap(code.to_string(), code_font.clone(), fail)
                                .size()
                                .x
                        })
                        .fold(0.0, f32::max);
                    for group in groups {
                        ui.add_space(4.0);
                        ui.add(Label::new(RichText::new(&group.title).strong()).selectable(true));
                        for (code, sentence) in &group.problems {
                            ui.horizontal_top(|ui| {
                                ui.add_space(8.0);
                                ui.allocate_ui_with_layout(
                                    Vec2::new(code_width, 0.0),
                                    egui::Layout::left_to_right(egui::Align::TOP),
                                    |ui| {
                                        ui.set_min_width(code_width);
                                        ui.add(
                                            Label::new(
                                                RichText::new(*code).monospace().color(fail),
                                            )
                                            .selectable(true),
                                        );
                                    },
                                );
                                ui.add(Label::new(sentence.as_str()).wrap().selectable(true));
                            });
                        }
                    }
                });
        });
    if !open {
        commands.send(Command::CloseProblems);
    }
}

/// Text in a cell of `width` at `x` on a row, cut with an ellipsis when it does not fit.
/// Painted, not a widget: the row is the one widget (a button named after its verdict), so
/// that store names do not appear twice to screen readers and tests.
fn paint_cell(ui: &Ui, row: egui::Rect, x: f32, width: f32, text: RichText) -> f32 {
    let mut job = egui::text::LayoutJob::default();
    text.append_to(
        &mut job,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = ui.painter().layout_job(job);
    let y = row.center().y - galley.size().y / 2.0;
    let used = galley.size().x;
    ui.painter().with_clip_rect(row).galley(
        egui::Pos2::new(x, y),
        galley,
        ui.visuals().text_color(),
    );
    used
}

/// Left edges and widths of the columns in a row of `width` starting at `left`.
fn columns(left: f32, width: f32) -> [(f32, f32); 5] {
    let gap = 8.0;
    let [store, verdict, breaks] = COLUMN_WIDTHS;
    let fixed = store + verdict + breaks + 4.0 * gap;
    let rest = ((width - fixed) / 2.0).max(60.0);
    let mut x = left + 4.0;
    let mut out = [(0.0, 0.0); 5];
    for (slot, w) in out.iter_mut().zip([store, verdict, breaks, rest, rest]) {
        *slot = (x, w);
        x += w + gap;
    }
    out
}

/// The column titles; with more rows than fit, the store column says how many trust the
/// chain of how many ("2 of 5 trusted"), so that the hidden rows are not forgotten.
fn header_ui(ui: &mut Ui, counts: Option<(usize, usize)>) {
    let (rect, _) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let first = match counts {
        Some((trusted, all)) => format!("Trust store ({trusted} of {all} trusted)"),
        None => "Trust store".to_string(),
    };
    let titles = [first.as_str(), "Verdict", "Breaks", "Reason", "Path taken"];
    for ((x, w), title) in columns(rect.left(), rect.width()).into_iter().zip(titles) {
        paint_cell(ui, rect, x, w, RichText::new(title).strong());
    }
}

/// The whole verdict in one line, over the matrix.
fn headline_ui(ui: &mut Ui, theme: crate::diagram::Theme, insp: &Inspection, rows: &[StoreRow]) {
    let (trusted, text) = headline(insp, rows);
    let status = if trusted {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let color = to_color32(crate::diagram::status_color(status, theme));
    let mark = if trusted { "✔" } else { "✖" };
    ui.allocate_ui(Vec2::new(ui.available_width(), HEADLINE_HEIGHT), |ui| {
        ui.add(
            Label::new(
                RichText::new(format!("{mark} {text}"))
                    .strong()
                    .color(color),
            )
            .truncate(),
        )
        .on_hover_text(&text);
    });
}

/// "A, B and C".
fn name_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether every link of the store's best path had its revocation decided (good or revoked).
fn revocation_checked(insp: &Inspection, store: usize) -> bool {
    let Some(path) = insp.verdicts.get(store).and_then(|v| v.paths.first()) else {
        return false;
    };
    use crate::model::Passed;
    path.links
        .iter()
        .filter_map(|&i| insp.links.get(i))
        .flat_map(|link| &link.checks)
        .filter(|c| c.name == CheckName::Revocation)
        .all(|c| {
            c.status != CheckStatus::Unknown
                && !matches!(
                    c.passed,
                    Some(Passed::RevocationNotChecked | Passed::RevocationNoIssuerKey)
                )
        })
}

/// The headline: whether any chosen store trusts the chain, and the sentence ("Trusted by
/// AWS IoT device roots and roots.pem for example.com at 2023-01-01; revocation not checked",
/// "Not trusted: …").
pub fn headline(insp: &Inspection, rows: &[StoreRow]) -> (bool, String) {
    let at = crate::verify::human_date(insp.policy.time);
    let host = insp
        .policy
        .host
        .as_deref()
        .map(|h| format!(" for {h}"))
        .unwrap_or_default();
    let trusting: Vec<&str> = rows
        .iter()
        .filter(|r| r.trusted)
        .map(|r| r.store.as_str())
        .collect();
    let others: Vec<&str> = rows
        .iter()
        .filter(|r| !r.trusted)
        .map(|r| r.store.as_str())
        .collect();
    let Some(first_trusted) = rows.iter().find(|r| r.trusted) else {
        let reason = rows.first().map(|r| r.reason.as_str()).unwrap_or_default();
        return (false, format!("Not trusted{host} at {at}: {reason}"));
    };
    let mut text = format!("Trusted by {}{host} at {at}", name_list(&trusting));
    if !others.is_empty() {
        text.push_str(&format!("; not by {}", name_list(&others)));
    }
    if !revocation_checked(insp, first_trusted.store_index) {
        text.push_str("; revocation not checked");
    }
    (true, text)
}

/// One store's row; the whole row is one button, named after its verdict. A reason of many
/// problems shows the first and a link to the list; returns whether the link was clicked.
fn row_ui(
    ui: &mut Ui,
    theme: crate::diagram::Theme,
    row: &StoreRow,
    path_failures: &[String],
    lit: bool,
    profile: crate::model::Profile,
    more: Option<MoreProblems>,
) -> (egui::Response, bool) {
    let status = if row.trusted {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let color = to_color32(crate::diagram::status_color(status, theme));
    let fail = to_color32(crate::diagram::status_color(CheckStatus::Fail, theme));
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::click());
    if response.hovered() || lit {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    if lit {
        ui.painter().rect_stroke(
            rect,
            3.0,
            egui::Stroke::new(1.5, ui.visuals().selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    }
    let mark = if row.trusted { "✔" } else { "✖" };
    let mut verdict = format!("{mark} {} ({profile})", row.verdict);
    if !path_failures.is_empty() {
        verdict.push_str(" · path");
    }
    let reason_color = if path_failures.is_empty() && row.trusted {
        ui.visuals().text_color()
    } else {
        fail
    };
    let [
        store_cell,
        verdict_cell,
        breaks_cell,
        reason_cell,
        path_cell,
    ] = columns(rect.left(), rect.width());
    let texts = [
        (store_cell, RichText::new(&row.store).strong()),
        (verdict_cell, RichText::new(verdict).color(color).strong()),
        (breaks_cell, RichText::new(&row.breaks)),
        (path_cell, RichText::new(&row.path).weak()),
    ];
    for ((x, w), text) in texts {
        paint_cell(ui, rect, x, w, text);
    }
    let show_all = match more {
        None => {
            let (x, w) = reason_cell;
            paint_cell(
                ui,
                rect,
                x,
                w,
                RichText::new(&row.reason).color(reason_color),
            );
            false
        }
        Some(more) => more_link_ui(ui, rect, reason_cell, reason_color, &more),
    };
    // Named as the verdict reads: "✔ Trusted by …" / "✖ Not trusted by …".
    let mut name = if row.trusted {
        format!("✔ Trusted by {} ({profile})", row.store)
    } else {
        format!("✖ Not trusted by {} ({profile})", row.store)
    };
    if !path_failures.is_empty() {
        name.push_str(" · a path check fails");
    }
    name.push_str(&format!(": {}", row.reason));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let response = response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_ui(|ui| {
            ui.set_max_width(520.0);
            ui.strong(format!("{} — {} [{}]", row.store, row.verdict, row.code));
            ui.label(format!(
                "Decided by the {profile} profile: {}",
                profile.description()
            ));
            ui.label(&row.reason);
            for failure in path_failures {
                ui.colored_label(fail, format!("✖ {failure}"));
            }
            ui.label(format!("Path: {}", row.path));
            ui.label(format!("Breaks: {}", row.breaks));
            ui.label(RichText::new("Click to keep this path lit in the diagram").weak());
        });
    (response, show_all)
}

/// Room the first problem keeps beside the link before the link shortens to "+N more".
const FIRST_PROBLEM_MIN_WIDTH: f32 = 48.0;

/// The reason cell of a path with many problems: the first, cut to fit, then a link to all of
/// them. Returns whether the link was clicked.
fn more_link_ui(
    ui: &mut Ui,
    row: egui::Rect,
    (x, width): (f32, f32),
    color: Color32,
    more: &MoreProblems,
) -> bool {
    let gap = 4.0;
    let link_width = |text: &str| {
        let font = egui::TextStyle::Body.resolve(ui.style());
        ui.painter()
            .layout_no_wrap(text.to_string(), font, Color32::PLACEHOLDER)
            .size()
            .x
    };
    let mut text = more_link_text(more.more);
    let mut w = link_width(&text);
    if width - w - gap < FIRST_PROBLEM_MIN_WIDTH {
        // A narrow window: a short link keeps some of the first problem readable.
        text = format!("+{} more", more.more);
        w = link_width(&text);
    }
    let first_width = (width - w - gap).max(0.0);
    let used = paint_cell(
        ui,
        row,
        x,
        first_width,
        RichText::new(&more.first).color(color),
    );
    let link_rect = egui::Rect::from_min_size(
        egui::Pos2::new(x + used + gap, row.top()),
        Vec2::new(w.min(width), row.height()),
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(link_rect)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    child.set_clip_rect(link_rect.intersect(ui.clip_rect()));
    let total = more.more + 1;
    child
        .add(egui::Link::new(text))
        .on_hover_text(format!(
            "Show all {total} problems of this path, with their codes"
        ))
        .clicked()
}

/// The findings about the chain as sent (or given), on one line (every one on hover), so that they
/// never change the height of what shows them (the diagram's toolbar). What was noticed while
/// the source was read is among the inspection's findings (`LoadNote`) and shown in grey
/// after the others.
pub(super) fn findings_line_ui(ui: &mut Ui, insp: &Inspection, theme: crate::diagram::Theme) {
    let findings: Vec<_> = insp
        .findings
        .iter()
        .filter(|f| f.severity != CheckStatus::Pass && f.kind != FindingKind::LoadNote)
        .collect();
    let notes: Vec<String> = insp
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::LoadNote)
        .map(|f| crate::report::words::finding(f, insp))
        .collect();
    ui.allocate_ui(Vec2::new(ui.available_width(), ROW_HEIGHT), |ui| {
        if findings.is_empty() && notes.is_empty() {
            ui.label(RichText::new(crate::report::words::no_findings(insp)).weak());
            return;
        }
        let worst = findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(CheckStatus::Pass);
        let color = if findings.is_empty() {
            Color32::GRAY
        } else {
            to_color32(crate::diagram::status_color(worst, theme))
        };
        let first = findings
            .first()
            .map(|f| crate::report::words::finding(f, insp))
            .or_else(|| notes.first().cloned())
            .unwrap_or_default();
        let count = findings.len() + notes.len();
        let text = if count > 1 {
            format!("• {first} (+{} more)", count - 1)
        } else {
            format!("• {first}")
        };
        ui.add(Label::new(RichText::new(text).color(color)).truncate())
            .on_hover_ui(|ui| {
                ui.set_max_width(600.0);
                for finding in &findings {
                    ui.label(format!(
                        "• {}",
                        crate::report::words::finding(finding, insp)
                    ));
                }
                for note in &notes {
                    ui.label(format!("• {note}"));
                }
            });
    });
}
