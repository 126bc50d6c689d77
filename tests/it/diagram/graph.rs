//! The trust graph: every path to every store drawn once (the AWS cross-sign case), path-level
//! failures on the leaf, pins, the expiry timeline, and their CLI and JSON faces.

use crate::common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::corpus::{at, certs, data, inspect, store};
use chainlens::diagram::{self, Badge, Scene, SceneOptions, Theme};
use chainlens::model::{CertId, CheckStatus, Inspection, Pin, Policy};
use chainlens::report::words;
use chainlens::verify::timeline::{BreakKind, TimeState};
use chainlens::verify::{self, TrustStore};

const DIR: &str = "rustls-webpki-amazon";
/// When valid.rootca1.demo.amazontrust.com (2025-02-22 → 2025-04-30) is valid.
const WHILE_VALID: &str = "2025-03-01T00:00:00Z";
/// The SPKI pin of Amazon Root CA 1.
const ROOT_CA_1_PIN: &str = "sha256/++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI=";
const NO_SUCH_PIN: &str = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
/// `chainlens verify` of the demo leaf through M03 to Amazon Root CA 1 while it is valid.
const VERIFY_THE_DEMO_LEAF: [&str; 8] = [
    "verify",
    "valid.rootca1.demo.amazontrust.com.cer",
    "--untrusted",
    "r2m03.cer",
    "--trust",
    "AmazonRootCA1.cer",
    "--at",
    WHILE_VALID,
];

fn f(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// The cross-sign set: leaf, M03 and the cross-signed Amazon Root CA 1, trusting each root
/// file as its own store.
fn cross_sign(time: &str, host: Option<&str>) -> Inspection {
    let mut chain = certs(&f("valid.rootca1.demo.amazontrust.com.cer"));
    chain.extend(certs(&f("r2m03.cer")));
    chain.extend(certs(&f("rootca1.cer")));
    let stores = [
        store("AmazonRootCA1.cer", &[&f("AmazonRootCA1.cer")]),
        store("SFSRootCAG2.cer", &[&f("SFSRootCAG2.cer")]),
    ];
    inspect(chain, Vec::new(), &stores, at(time), host)
}

fn graph_of(insp: &Inspection) -> Scene {
    diagram::scene::build(insp, SceneOptions::default())
}

fn overlaps(a: &diagram::Rect, b: &diagram::Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[test]
fn the_cross_sign_graph_has_five_boxes_and_every_path() {
    let insp = cross_sign(WHILE_VALID, None);
    assert!(insp.all_trusted(), "{}", common::corpus::explain(&insp));
    let scene = graph_of(&insp);
    let titles: Vec<&str> = scene.boxes.iter().map(|b| b.full_title.as_str()).collect();
    assert_eq!(scene.boxes.len(), 5, "{titles:?}");
    // Every certificate once.
    let certs: HashSet<_> = scene.boxes.iter().filter_map(|b| b.certificate).collect();
    assert_eq!(certs.len(), 5);
    // Every path of every store is drawn, with each of its links as an edge.
    let total_paths: usize = insp.verdicts.iter().map(|v| v.paths.len()).sum();
    assert_eq!(scene.paths.len(), total_paths);
    assert_eq!(total_paths, 2);
    for path in &scene.paths {
        let verdict_path = &insp.verdicts[path.store].paths[path.path];
        assert_eq!(path.edges.len(), verdict_path.links.len(), "{path:?}");
        for window in path.boxes.windows(2) {
            assert!(
                scene
                    .edges
                    .iter()
                    .any(|e| e.from == window[0] && e.to == window[1]),
                "no edge {window:?}"
            );
        }
    }
    // M03 fans out to both Amazon Root CA 1 certificates.
    let m03 = titles
        .iter()
        .position(|t| *t == "Amazon RSA 2048 M03")
        .unwrap();
    let issuers: Vec<&str> = scene
        .edges
        .iter()
        .filter(|e| e.from == m03)
        .map(|e| titles[e.to])
        .collect();
    // The cross-signed twin says by whom, so the two boxes do not read the same.
    assert_eq!(
        issuers,
        [
            "Amazon Root CA 1",
            "Amazon Root CA 1, cross-signed by Starfield Services Root Certificate Authority - G2"
        ]
    );
    let ends: HashSet<i32> = scene
        .edges
        .iter()
        .filter(|e| e.from == m03)
        .map(|e| e.start.y as i32)
        .collect();
    assert_eq!(ends.len(), 2, "the two edges leave M03 apart");
    // Each anchor names its store; the cross-sign is an intermediate.
    let anchors: Vec<(&str, &[String])> = scene
        .boxes
        .iter()
        .filter(|b| b.badge == Badge::TrustAnchor)
        .map(|b| (b.full_title.as_str(), b.stores.as_slice()))
        .collect();
    assert_eq!(anchors.len(), 2, "{anchors:?}");
    assert!(anchors.contains(&("Amazon Root CA 1", &["AmazonRootCA1.cer".to_string()][..])));
    assert!(
        anchors
            .iter()
            .any(|(t, s)| t.starts_with("Starfield") && s == &["SFSRootCAG2.cer".to_string()])
    );
    assert!(
        scene
            .boxes
            .iter()
            .any(|b| b.lines.iter().any(|l| l == "in SFSRootCAG2.cer"))
    );
    // Every edge passes.
    assert!(scene.edges.iter().all(|e| e.status == CheckStatus::Pass));
}

#[test]
fn no_box_overlaps_another_and_no_edge_crosses_a_box() {
    for insp in [
        cross_sign(WHILE_VALID, None),
        cross_sign("2026-01-01T00:00:00Z", Some("wrong.example")),
    ] {
        let scene = graph_of(&insp);
        for (i, a) in scene.boxes.iter().enumerate() {
            for b in scene.boxes.iter().skip(i + 1) {
                assert!(!overlaps(&a.rect, &b.rect), "{a:?} overlaps {b:?}");
            }
            // Inside the scene's drawn part.
            assert!(a.rect.x + a.rect.w <= scene.graph.w && a.rect.y + a.rect.h <= scene.graph.h);
        }
        for edge in &scene.edges {
            // Columns run by depth: every edge goes rightwards.
            assert!(edge.end.x > edge.start.x, "{edge:?}");
            let points = edge.polyline();
            for segment in points.windows(2) {
                for (k, b) in scene.boxes.iter().enumerate() {
                    if k == edge.from || k == edge.to {
                        continue;
                    }
                    // Sample the segment: no point of it is inside another box.
                    for step in 0..=20 {
                        let t = step as f32 / 20.0;
                        let p = diagram::Point {
                            x: segment[0].x + t * (segment[1].x - segment[0].x),
                            y: segment[0].y + t * (segment[1].y - segment[0].y),
                        };
                        assert!(!b.rect.contains(p), "{edge:?} crosses box {k}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_path_can_be_lit_alone() {
    let insp = cross_sign(WHILE_VALID, None);
    let scene = graph_of(&insp);
    let sfs = scene.path_index(1, 0).unwrap();
    let (boxes, edges) = scene.lit(Some(sfs));
    assert_eq!(boxes.iter().filter(|l| **l).count(), 4);
    assert_eq!(edges.iter().filter(|l| **l).count(), 3);
    let (boxes, edges) = scene.lit(None);
    assert!(boxes.iter().all(|l| *l) && edges.iter().all(|l| *l));
}

#[test]
fn svg_and_drawio_draw_the_whole_graph() {
    let insp = cross_sign(WHILE_VALID, None);
    let scene = graph_of(&insp);
    let svg = diagram::svg::render(&scene);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let boxes = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == "cert"))
        })
        .count();
    assert_eq!(boxes, 5);
    let links: Vec<(usize, usize)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("link"))
        .map(|n| {
            (
                n.attribute("data-from").unwrap().parse().unwrap(),
                n.attribute("data-to").unwrap().parse().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(usize, usize)> = scene.edges.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(links, expected);
    assert_eq!(
        links.len(),
        4,
        "leaf→M03, M03→root ×2, cross-sign→Starfield"
    );
    let drawio = diagram::drawio::render(&scene);
    let doc = roxmltree::Document::parse(&drawio).unwrap();
    // One vertex per box (the legend and caption cells are named apart).
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("vertex") == Some("1"))
            .filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("box-")))
            .count(),
        5
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("edge") == Some("1"))
            .count(),
        4
    );
    assert!(diagram::png::render(&scene, 1, false).is_ok());
}

#[test]
fn a_host_name_mismatch_marks_the_leaf() {
    let insp = cross_sign(WHILE_VALID, Some("wrong.example.com"));
    assert!(!insp.all_trusted());
    let scene = graph_of(&insp);
    let leaf = scene.boxes.iter().find(|b| b.badge == Badge::Leaf).unwrap();
    assert_eq!(leaf.badge_status, CheckStatus::Fail);
    assert!(
        leaf.alert.as_deref().unwrap().contains("wrong.example"),
        "{leaf:?}"
    );
    assert!(
        leaf.problems
            .iter()
            .any(|p| p.contains("wrong.example.com does not match")),
        "{:?}",
        leaf.problems
    );
    // The links themselves are fine.
    assert!(scene.edges.iter().all(|e| e.status == CheckStatus::Pass));
    let svg = diagram::svg::render(&scene);
    assert!(svg.contains(r#"class="alert""#));
}

fn pinned_inspection(pins: &[&str]) -> Inspection {
    let mut chain = certs(&f("valid.rootca1.demo.amazontrust.com.cer"));
    chain.extend(certs(&f("r2m03.cer")));
    verify::inspect(
        verify::Input {
            source: chainlens::model::Source::new(chainlens::model::SourceKind::Paste, "test"),
            certificates: chain,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[store("AmazonRootCA1.cer", &[&f("AmazonRootCA1.cer")])],
        &Policy {
            pins: pins.iter().map(|p| p.parse::<Pin>().unwrap()).collect(),
            ..Policy::at(at(WHILE_VALID))
        },
    )
}

#[test]
fn pins_decide_and_mark_the_pinned_box() {
    let insp = pinned_inspection(&[ROOT_CA_1_PIN]);
    assert!(insp.all_trusted(), "{}", common::corpus::explain(&insp));
    let scene = graph_of(&insp);
    let pinned: Vec<&str> = scene
        .boxes
        .iter()
        .filter(|b| b.pinned)
        .map(|b| b.full_title.as_str())
        .collect();
    assert_eq!(pinned, ["Amazon Root CA 1"]);
    assert!(scene.legend.iter().any(|l| l.text == "pinned key"));

    let insp = pinned_inspection(&[NO_SUCH_PIN]);
    let verdict = &insp.verdicts[0];
    assert!(!verdict.trusted);
    assert_eq!(verdict.failure.as_ref().unwrap().code(), "pin_mismatch");
    assert!(
        words::verdict(&insp, verdict).contains(NO_SUCH_PIN),
        "{}",
        words::verdict(&insp, verdict)
    );
    let scene = graph_of(&insp);
    let leaf = scene.boxes.iter().find(|b| b.badge == Badge::Leaf).unwrap();
    assert_eq!(leaf.badge_status, CheckStatus::Fail);
    assert!(scene.boxes.iter().all(|b| !b.pinned));
}

#[test]
fn the_sample_breaks_when_its_leaf_expires() {
    let loaded = chainlens::load::load_blocking(chainlens::load::SourceSpec::Sample).unwrap();
    for (time, state) in [
        ("2023-01-01T00:00:00Z", TimeState::Valid),
        ("2026-11-28T00:00:00Z", TimeState::Broken),
    ] {
        let insp = verify::inspect(
            verify::Input {
                source: loaded.source.clone(),
                certificates: loaded.certificates.clone(),
                untrusted: Vec::new(),
                load_notes: Vec::new(),
            },
            &[TrustStore::aws_iot()],
            &Policy::at(at(time)),
        );
        let timeline = verify::timeline(&insp);
        assert_eq!(timeline.certificates.len(), 3);
        let store = &timeline.stores[0];
        assert_eq!(store.state, state, "{store:?}");
        assert_eq!(
            store.valid_until.map(verify::human_date).as_deref(),
            Some("2023-08-14")
        );
        assert_eq!(store.kind, Some(BreakKind::Leaf));
        assert_eq!(store.cause, Some(CertId::new(0)));
        assert_eq!(store.taken_over_by, None);
    }
}

fn chainlens(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn inspect_timeline_says_when_and_why_the_sample_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let out = chainlens(
        &[
            "inspect",
            "sample",
            "--trust-store",
            "aws-iot",
            "--timeline",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\nTimeline (validation time "), "{stdout}");
    assert!(
        stdout.contains(
            "AWS IoT device roots: broke on 2023-08-14 because the leaf expired (*.iot.us-east-1.amazonaws.com)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("no other path takes over then"), "{stdout}");
    // The stores side by side close the report.
    assert!(stdout.contains("\nStores side by side:\n"), "{stdout}");

    let out = chainlens(
        &[
            "inspect",
            "sample",
            "--trust-store",
            "aws-iot",
            "--timeline",
            "--at",
            "2023-01-01",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("breaks on 2023-08-14 because the leaf expires"),
        "{}",
        text(&out)
    );
}

#[test]
fn each_trust_file_is_its_own_column() {
    let root = data(DIR);
    let out = chainlens(
        &[
            "inspect",
            "valid.rootca1.demo.amazontrust.com.cer",
            "r2m03.cer",
            "rootca1.cer",
            "--trust",
            "AmazonRootCA1.cer",
            "--trust",
            "SFSRootCAG2.cer",
            "--at",
            WHILE_VALID,
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let table = stdout.split("\nStores side by side:\n").nth(1).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("STORE") && lines[0].contains("BREAKS"));
    assert!(
        lines[1]
            .trim_start()
            .starts_with("AmazonRootCA1.cer  trusted [ok]")
    );
    assert!(
        lines[2]
            .trim_start()
            .starts_with("SFSRootCAG2.cer    trusted [ok]")
    );
    assert!(lines[2].contains("Amazon Root CA 1 → Starfield Services Root"));
}

#[test]
fn verify_pins_name_the_matching_certificate_or_every_pin() {
    let root = data(DIR);
    let base = VERIFY_THE_DEMO_LEAF;
    let mut args = base.to_vec();
    args.extend(["--pin", ROOT_CA_1_PIN]);
    let out = chainlens(&args, &root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("pinned: Amazon Root CA 1 matches {ROOT_CA_1_PIN}")),
        "{}",
        text(&out)
    );

    let mut args = base.to_vec();
    args.extend([
        "--pin",
        NO_SUCH_PIN,
        "--pin",
        ROOT_CA_1_PIN.trim_end_matches('='),
    ]);
    let out = chainlens(&args, &root);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a pin that is not 32 bytes: {}",
        text(&out)
    );
    assert!(text(&out).contains("is not the base64 of a 32-byte SHA-256 digest"));

    let mut args = base.to_vec();
    args.extend(["--pin", NO_SUCH_PIN]);
    let out = chainlens(&args, &root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[pin_mismatch]"), "{}", text(&out));
    assert!(text(&out).contains(NO_SUCH_PIN), "{}", text(&out));
}

#[test]
fn pin_file_pins_every_certificate_in_it() {
    let root = data(DIR);
    let base = VERIFY_THE_DEMO_LEAF;
    let mut args = base.to_vec();
    args.extend(["--pin-file", "r2m03.cer"]);
    let out = chainlens(&args, &root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("pinned: Amazon RSA 2048 M03 matches sha256/"));

    // A file of an unrelated key pins nothing on this path.
    let mut args = base.to_vec();
    args.extend(["--pin-file", "e3m01.cer"]);
    let out = chainlens(&args, &root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[pin_mismatch]"));

    let mut args = base.to_vec();
    args.extend(["--pin-file", "no-such-file.pem"]);
    let out = chainlens(&args, &root);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no-such-file.pem"), "{}", text(&out));
}

#[test]
fn inspect_says_which_certificate_matches_the_pin() {
    let out = chainlens(
        &[
            "inspect",
            "valid.rootca1.demo.amazontrust.com.cer",
            "r2m03.cer",
            "--trust",
            "AmazonRootCA1.cer",
            "--at",
            WHILE_VALID,
            "--pin",
            ROOT_CA_1_PIN,
        ],
        &data(DIR),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!(
            "      pinned  Amazon Root CA 1 matches {ROOT_CA_1_PIN}\n"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn json_carries_the_timeline_and_what_each_pin_matched() {
    let root = data(DIR);
    let out = chainlens(
        &[
            "inspect",
            "valid.rootca1.demo.amazontrust.com.cer",
            "r2m03.cer",
            "--trust",
            "AmazonRootCA1.cer",
            "--at",
            WHILE_VALID,
            "--pin",
            ROOT_CA_1_PIN,
            "--json",
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "chainlens.inspection/1");
    assert_eq!(json["policy"]["pins"][0], ROOT_CA_1_PIN);
    let pinned = &json["verdicts"][0]["paths"][0]["pinned_by"];
    assert_eq!(pinned[0]["pin"], ROOT_CA_1_PIN);
    assert_eq!(pinned[0]["label"], "Amazon Root CA 1");
    assert!(pinned[0]["certificate"].is_u64());
    let timeline = &json["timeline"];
    assert_eq!(timeline["validation_time"], WHILE_VALID);
    assert_eq!(timeline["certificates"].as_array().unwrap().len(), 3);
    let store = &timeline["stores"][0];
    assert_eq!(store["store"], "AmazonRootCA1.cer");
    assert_eq!(store["state"], "valid");
    assert_eq!(store["kind"], "leaf");
    assert_eq!(store["valid_until"], "2025-04-30T23:59:59Z");
    assert_eq!(store["breaks_at"], "2025-05-01T00:00:00Z");
    assert_eq!(store["cause"], 0);
    assert!(store["taken_over_by"].is_null());
    for span in timeline["certificates"].as_array().unwrap() {
        assert!(span["not_before"].is_string() && span["not_after"].is_string());
        assert!(span["label"].is_string() && span["certificate"].is_u64());
    }
}

#[test]
fn the_themes_draw_the_same_graph() {
    let insp = cross_sign(WHILE_VALID, None);
    let light = diagram::scene::build(
        &insp,
        SceneOptions {
            theme: Theme::Light,
            store: Some(1),
        },
    );
    let dark = diagram::scene::build(
        &insp,
        SceneOptions {
            theme: Theme::Dark,
            store: Some(1),
        },
    );
    assert_eq!(light.boxes.len(), dark.boxes.len());
    // The chosen store's path is drawn first, on the top row: leaf → M03 → cross-sign → SFS.
    let top: Vec<&str> = light
        .boxes
        .iter()
        .filter(|b| b.rect.y == light.boxes[0].rect.y)
        .map(|b| b.full_title.as_str())
        .collect();
    assert_eq!(top.len(), 4, "{top:?}");
}

/// A root opened on its own (one row of a system bundle) is a root in the details and JSON
/// (`Inspection::role`), and its box agrees: self-signed or trust anchor, never "LEAF".
#[test]
fn a_root_opened_alone_is_not_badged_as_a_leaf() {
    let root = certs("rustls-webpki-amazon/SFSRootCAG2.cer");
    let amazon = store(
        "AmazonRootCA1.cer",
        &["rustls-webpki-amazon/AmazonRootCA1.cer"],
    );
    let insp = inspect(
        root,
        Vec::new(),
        &[amazon],
        at("2025-03-01T00:00:00Z"),
        None,
    );
    assert_eq!(insp.role(CertId::new(0)).as_str(), "root");
    let scene = graph_of(&insp);
    let badges: Vec<Badge> = scene.boxes.iter().map(|b| b.badge).collect();
    assert_eq!(badges, vec![Badge::SelfSigned], "{badges:?}");
}

#[test]
fn a_chain_that_reaches_no_anchor_is_drawn_through_the_issuers_found_up_to_the_missing_one() {
    // The leaf alone, its intermediate among the other certificates given (as a bundle's
    // other rows are), and a store without the intermediate's root.
    let insp = inspect(
        certs(&f("valid.rootca1.demo.amazontrust.com.cer")),
        certs(&f("r2m03.cer")),
        &[store("SFSRootCAG2.cer", &[&f("SFSRootCAG2.cer")])],
        at(WHILE_VALID),
        None,
    );
    assert!(!insp.all_trusted());
    let scene = graph_of(&insp);
    let titles: Vec<(&str, Badge)> = scene
        .boxes
        .iter()
        .map(|b| (b.full_title.as_str(), b.badge))
        .collect();
    // The intermediate that was found is drawn, and the ghost is its issuer, the root really
    // missing: not the intermediate, which was there.
    assert_eq!(scene.boxes.len(), 3, "{titles:?}");
    assert!(
        titles.contains(&("Amazon RSA 2048 M03", Badge::Intermediate)),
        "{titles:?}"
    );
    let ghost = scene
        .boxes
        .iter()
        .find(|b| b.ghost)
        .expect("a missing issuer");
    assert_eq!(ghost.full_title, "Amazon Root CA 1");
    // Leaf → intermediate was found by name and, with no path through it, never checked:
    // grey and "not checked", not "missing"; intermediate → ghost is the missing issuer.
    let labels: Vec<(&str, CheckStatus)> = scene
        .edges
        .iter()
        .map(|e| (e.label.as_str(), e.status))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("not checked", CheckStatus::Unknown),
            ("missing", CheckStatus::Fail)
        ]
    );
    // The JSON names the chain the search built.
    let verdict = &insp.verdicts[0];
    assert!(verdict.paths.is_empty());
    assert_eq!(verdict.dead_end.len(), 2);
}

/// The long names of the cross-sign graph ("Starfield Services Root Certificate Authority -
/// G2", the named twin) reach the SVG's text nodes (which the PNG is drawn from) and the
/// draw.io labels whole: wrapped, never cut.
#[test]
fn exports_of_the_cross_sign_graph_hold_every_name_whole() {
    let scene = graph_of(&cross_sign(WHILE_VALID, None));
    let svg = diagram::svg::render(&scene);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let boxes: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == "cert"))
        })
        .collect();
    assert_eq!(boxes.len(), scene.boxes.len());
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (node, cert_box) in boxes.iter().zip(&scene.boxes) {
        let lines: Vec<&str> = node
            .descendants()
            .filter(|t| t.tag_name().name() == "text" && t.attribute("class") == Some("title"))
            .filter_map(|t| t.text())
            .collect();
        assert!(!lines.iter().any(|l| l.contains('…')), "{lines:?}");
        assert_eq!(
            squeeze(&lines.concat()),
            squeeze(&cert_box.full_title),
            "{lines:?}"
        );
    }
    for name in [
        "Starfield Services Root Certificate Authority - G2",
        "Amazon Root CA 1, cross-signed by Starfield Services Root Certificate Authority - G2",
    ] {
        assert!(
            scene.boxes.iter().any(|b| b.full_title == name),
            "no box {name}"
        );
    }
    let xml = diagram::drawio::render(&scene);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("mxCell") && n.attribute("vertex") == Some("1"))
        .filter_map(|n| n.attribute("value"))
        .collect();
    for cert_box in &scene.boxes {
        assert!(
            labels.iter().any(|l| l.contains(&cert_box.full_title)),
            "{} not in the draw.io labels",
            cert_box.full_title
        );
    }
    // The issuer lines too: "issued by Starfield Services Root Certificate Authority - G2".
    assert!(
        labels
            .iter()
            .any(|l| l.contains("issued by Starfield Services Root Certificate Authority - G2")),
        "{labels:?}"
    );
    assert!(!labels.iter().any(|l| l.contains('…')), "{labels:?}");
    assert!(diagram::png::render(&scene, 1, false).is_ok());
}

/// A long issuer name wraps in the exported SVG as titles do: the text nodes of the
/// cross-signed Amazon Root CA 1's box hold "issued by Starfield Services Root Certificate
/// Authority - G2" whole, on two lines, without an ellipsis, each line inside the box.
#[test]
fn long_issuer_lines_wrap_whole_in_svg_exports() {
    let insp = cross_sign(WHILE_VALID, None);
    let scene = graph_of(&insp);
    let svg = diagram::svg::render(&scene);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let issued = "issued by Starfield Services Root Certificate Authority - G2";
    let (index, cross) = scene
        .boxes
        .iter()
        .enumerate()
        .find(|(_, b)| b.full_lines.iter().any(|l| l == issued))
        .expect("the cross-signed Amazon Root CA 1");
    let group = doc
        .descendants()
        .find(|n| n.attribute("data-box") == Some(index.to_string().as_str()))
        .expect("its group");
    let lines: Vec<(String, f32)> = group
        .descendants()
        .filter(|n| n.attribute("class") == Some("line"))
        .map(|n| {
            let y: f32 = n.attribute("y").unwrap().parse().unwrap();
            (n.text().unwrap_or_default().to_string(), y)
        })
        .collect();
    let texts: Vec<String> = lines.iter().map(|(t, _)| t.clone()).collect();
    assert!(texts.iter().all(|t| !t.contains('…')), "{texts:?}");
    let issuer_lines: Vec<String> = texts
        .iter()
        .take_while(|t| !t.contains('→'))
        .cloned()
        .collect();
    assert_eq!(issuer_lines.len(), 2, "{texts:?}");
    assert_eq!(diagram::scene::rejoin(&issuer_lines), issued);
    let inner = cross.text_width();
    for (text, y) in &lines {
        assert!(
            diagram::metrics::text_width(text, diagram::scene::TEXT_SIZE) <= inner + 0.5,
            "{text} is wider than the box"
        );
        assert!(
            *y < cross.rect.y + cross.rect.h - 4.0,
            "{text} at {y} is below the box {:?}",
            cross.rect
        );
    }
    // The validity line follows the issuer, and every box is as tall as the tallest content.
    assert!(texts.iter().any(|t| t.contains('→')), "{texts:?}");
    assert!(
        scene
            .boxes
            .iter()
            .all(|b| b.rect.h == cross.rect.h && b.content_height() <= b.rect.h)
    );
}
