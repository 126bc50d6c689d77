//! Values derived from the inspection shown: the diagram's scene, the timeline, the problem
//! groups of each store's best path and the selected certificate's text. Built by the logic
//! when the inspection (or, for the scene, the theme or the store drawn; for the text, the
//! selection) changes, never per frame; the panels only read them.

use crate::diagram::scene::{self, Scene, SceneOptions};
use crate::gui::verdict_banner::{ProblemGroup, problem_groups};
use crate::model::{CertId, Inspection};
use crate::verify::timeline::Timeline;

/// What was derived from one inspection.
#[derive(Clone, Debug)]
pub struct Derived {
    /// The inspection it was built from ([`Session::inspection_generation`](super::Session)).
    pub inspection_generation: u64,
    /// The diagram.
    pub scene: Scene,
    /// The theme and the store (index into the verdicts) the scene was drawn for.
    pub scene_for: (scene::Theme, usize),
    /// Every certificate's validity and each store's break, under the diagram.
    pub timeline: Timeline,
    /// For each verdict, the problems of its best path, by certificate.
    pub problem_groups: Vec<Vec<ProblemGroup>>,
    /// The selected certificate and its text (the details panel's "Raw text").
    pub certificate_text: Option<(CertId, String)>,
}

/// How many times each derived value was built: a scene or a timeline built again for an
/// unchanged inspection would show here (tests count them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DerivedBuilds {
    /// Scenes built.
    pub scenes: u64,
    /// Timelines built (with the problem groups).
    pub timelines: u64,
    /// Certificate texts built.
    pub certificate_texts: u64,
}

/// Brings `derived` up to date with the inspection shown, the theme, the store drawn and the
/// selection, building only what changed.
pub(super) fn refresh(
    derived: &mut Option<Derived>,
    builds: &mut DerivedBuilds,
    inspection: Option<&Inspection>,
    inspection_generation: u64,
    theme: scene::Theme,
    store_index: usize,
    selected: Option<CertId>,
) {
    let Some(insp) = inspection else {
        *derived = None;
        return;
    };
    let scene_for = (theme, store_index);
    let current = match derived.take() {
        Some(d) if d.inspection_generation == inspection_generation => d,
        _ => {
            builds.scenes += 1;
            builds.timelines += 1;
            Derived {
                inspection_generation,
                scene: build_scene(insp, scene_for),
                scene_for,
                timeline: crate::verify::timeline(insp),
                problem_groups: insp
                    .verdicts
                    .iter()
                    .map(|v| {
                        v.paths
                            .first()
                            .map(|p| problem_groups(insp, p))
                            .unwrap_or_default()
                    })
                    .collect(),
                certificate_text: None,
            }
        }
    };
    let mut current = current;
    if current.scene_for != scene_for {
        builds.scenes += 1;
        current.scene = build_scene(insp, scene_for);
        current.scene_for = scene_for;
    }
    let shown = current.certificate_text.as_ref().map(|(id, _)| *id);
    if shown != selected {
        current.certificate_text = selected.and_then(|id| {
            let cert = insp.cert(id)?;
            builds.certificate_texts += 1;
            Some((id, crate::report::text::certificate_text(cert)))
        });
    }
    *derived = Some(current);
}

fn build_scene(insp: &Inspection, (theme, store_index): (scene::Theme, usize)) -> Scene {
    scene::build(
        insp,
        SceneOptions {
            theme,
            store: Some(store_index),
        },
    )
}
