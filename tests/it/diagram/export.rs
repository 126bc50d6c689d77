//! Exports: SVG, PNG and draw.io drawn from the Scene, PEM/DER chains, and `chainlens export`.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};

use chainlens::diagram::{self, Scene, SceneOptions, Theme, status_color};
use chainlens::load::{SourceSpec, load_blocking};
use chainlens::model::{CheckStatus, Inspection, Policy};
use chainlens::report::pem;
use chainlens::verify::{self, StoreKind, TrustStore};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use time::macros::datetime;

/// A time when the sample chain was valid.
const VALID_AT: &str = "2023-01-01T00:00:00Z";
/// A time after the sample's leaf and intermediate expired.
const EXPIRED_AT: &str = "2026-11-28T00:00:00Z";

fn sample_inspection(at: time::OffsetDateTime) -> Inspection {
    let loaded = load_blocking(SourceSpec::Sample).unwrap();
    let policy = Policy {
        time: at,
        ..Policy::now()
    };
    verify::inspect(
        verify::Input {
            source: loaded.source,
            certificates: loaded.certificates,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[TrustStore::aws_iot()],
        &policy,
    )
}

fn sample_scene(theme: Theme) -> (Inspection, Scene) {
    let insp = sample_inspection(datetime!(2023-01-01 00:00 UTC));
    let scene = diagram::scene::build(&insp, SceneOptions { theme, store: None });
    (insp, scene)
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// (data-status, stroke) of every edge of an SVG, in document order.
fn svg_edges(svg: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| has_class(n, "edge"))
        .map(|n| {
            (
                n.attribute("data-status").unwrap().to_string(),
                n.attribute("stroke").unwrap().to_string(),
            )
        })
        .collect()
}

fn chainlens(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn svg_parses_with_one_box_per_certificate_and_edges_coloured_by_link() {
    for theme in [Theme::Light, Theme::Dark] {
        let (insp, scene) = sample_scene(theme);
        let svg = diagram::svg::render(&scene);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("version"), Some("1.1"));

        let boxes: Vec<_> = doc.descendants().filter(|n| has_class(n, "cert")).collect();
        assert_eq!(boxes.len(), 3, "leaf, intermediate, Amazon Root CA 1");
        assert_eq!(boxes.len(), scene.boxes.len());
        for (node, cert_box) in boxes.iter().zip(&scene.boxes) {
            let id = cert_box.certificate.unwrap().to_string();
            assert_eq!(node.attribute("data-cert"), Some(id.as_str()));
            // Text stays text: the title is a <text> element a reader can search.
            assert!(
                node.descendants()
                    .any(|t| t.tag_name().name() == "text" && t.text() == Some(&cert_box.title))
            );
        }

        let edges = svg_edges(&svg);
        assert_eq!(edges.len(), 2);
        for ((status, stroke), edge) in edges.iter().zip(&scene.edges) {
            let link = insp.links.get(edge.link.unwrap()).unwrap();
            assert_eq!(status, link.status.as_str());
            assert_eq!(stroke, &status_color(link.status, theme).hex());
        }

        let background = doc
            .descendants()
            .find(|n| has_class(n, "background"))
            .unwrap();
        assert_eq!(
            background.attribute("fill"),
            Some(theme.palette().background.hex().as_str())
        );
    }
}

#[test]
fn png_decodes_at_the_scene_size_for_each_scale_and_is_not_blank() {
    let (_, scene) = sample_scene(Theme::Light);
    for scale in 1..=3 {
        let png = diagram::png::render(&scene, scale, false).unwrap();
        let image = image::load_from_memory(&png).unwrap().to_rgba8();
        assert_eq!(image.width(), (scene.width * scale as f32).ceil() as u32);
        assert_eq!(image.height(), (scene.height * scale as f32).ceil() as u32);
        let colours: HashSet<[u8; 4]> = image.pixels().map(|p| p.0).collect();
        assert!(colours.len() > 20, "only {} colours", colours.len());
        // Opaque: the page background fills every pixel.
        assert!(image.pixels().all(|p| p.0[3] == 255));
        // The pass colour of the edges is drawn.
        let pass = status_color(CheckStatus::Pass, Theme::Light);
        assert!(colours.contains(&[pass.0, pass.1, pass.2, 255]));
    }
    assert!(matches!(
        diagram::png::render(&scene, 4, false),
        Err(diagram::PngError::Scale { scale: 4 })
    ));
}

#[test]
fn transparent_png_leaves_the_background_out() {
    let (_, scene) = sample_scene(Theme::Dark);
    let png = diagram::png::render(&scene, 1, true).unwrap();
    let image = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(image.get_pixel(0, 0).0[3], 0, "corner is transparent");
    assert!(image.pixels().any(|p| p.0[3] == 255), "boxes are drawn");
}

#[test]
fn drawio_has_one_vertex_per_box_and_one_edge_per_link() {
    let (_, scene) = sample_scene(Theme::Light);
    let xml = diagram::drawio::render(&scene);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "mxfile");
    let cells: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("mxCell"))
        .collect();
    // One vertex per box; the legend and the caption are text cells of their own.
    let vertices: Vec<_> = cells
        .iter()
        .filter(|n| n.attribute("vertex") == Some("1"))
        .filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("box-")))
        .collect();
    let edges: Vec<_> = cells
        .iter()
        .filter(|n| n.attribute("edge") == Some("1"))
        .collect();
    assert_eq!(vertices.len(), 3);
    for legend in ["pass", "warning", "fail", "not checked"] {
        assert!(
            cells.iter().any(|n| n
                .attribute("id")
                .is_some_and(|id| id.starts_with("legend-"))
                && n.attribute("value") == Some(legend)),
            "no legend {legend} in draw.io"
        );
    }
    let caption = cells
        .iter()
        .find(|n| n.attribute("id") == Some("caption"))
        .and_then(|n| n.attribute("value"))
        .expect("a caption");
    assert!(caption.contains("Validated at"), "{caption}");
    assert_eq!(edges.len(), 2);
    let ids: HashSet<&str> = vertices.iter().filter_map(|n| n.attribute("id")).collect();
    for (edge, scene_edge) in edges.iter().zip(&scene.edges) {
        assert!(ids.contains(edge.attribute("source").unwrap()));
        assert!(ids.contains(edge.attribute("target").unwrap()));
        let colour = status_color(scene_edge.status, Theme::Light).hex();
        assert!(
            edge.attribute("style")
                .unwrap()
                .contains(&format!("strokeColor={colour};"))
        );
    }
    for (vertex, cert_box) in vertices.iter().zip(&scene.boxes) {
        assert!(vertex.attribute("value").unwrap().contains(&cert_box.title));
        let geometry = vertex
            .children()
            .find(|n| n.has_tag_name("mxGeometry"))
            .unwrap();
        assert_eq!(
            geometry.attribute("x"),
            Some(cert_box.rect.x.to_string().as_str())
        );
    }
}

#[test]
fn markup_characters_in_names_are_escaped() {
    let name = r#"A&B <"Tricky"> 'Co'"#;
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let loaded = chainlens::ingest::load_bytes(cert.pem().as_bytes()).unwrap();
    let store = TrustStore::from_certificates(
        "tricky".to_string(),
        StoreKind::File("tricky.pem".into()),
        loaded.certificates.clone(),
    )
    .unwrap();
    let insp = verify::inspect(
        verify::Input {
            source: chainlens::model::Source::new(
                chainlens::model::SourceKind::Paste,
                format!("pasted {name}"),
            ),
            certificates: loaded.certificates,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[store],
        &Policy::now(),
    );
    let scene = diagram::scene::build(&insp, SceneOptions::default());
    let svg = diagram::svg::render(&scene);
    assert!(svg.contains("A&amp;B &lt;&quot;Tricky&quot;&gt; &apos;Co&apos;"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.descendants().any(|n| n.text() == Some(name)));

    let xml = diagram::drawio::render(&scene);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(
        doc.descendants()
            .filter_map(|n| n.attribute("value"))
            .any(|v| v.lines().any(|l| l == name))
    );
    // The PNG still renders such a name.
    assert!(diagram::png::render(&scene, 1, false).is_ok());
    // And it makes a safe file name.
    let files = pem::der_files(&insp, false);
    let (file_name, _) = files.first().unwrap();
    assert!(
        file_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        "{file_name}"
    );
}

#[test]
fn pem_and_der_exports_follow_the_chain() {
    let insp = sample_inspection(datetime!(2023-01-01 00:00 UTC));
    let sample = chainlens::ingest::load_bytes(chainlens::load::SAMPLE_PEM.as_bytes()).unwrap();
    let sample_der: Vec<Vec<u8>> = sample.certificates.iter().map(|c| c.der.clone()).collect();

    let sent = pem::pem_bundle(&insp, true);
    let reread = chainlens::ingest::load_bytes(sent.as_bytes()).unwrap();
    let reread_der: Vec<Vec<u8>> = reread.certificates.iter().map(|c| c.der.clone()).collect();
    assert_eq!(reread_der, sample_der);

    let built = pem::der_files(&insp, false);
    let names: Vec<&str> = built.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names.first().copied(),
        Some("01-leaf-star.iot.us-east-1.amazonaws.com.der")
    );
    assert!(
        names
            .get(1)
            .is_some_and(|n| n.starts_with("02-intermediate-"))
    );
    assert_eq!(built.first().map(|(_, der)| der), sample_der.first());
}

fn read_edges(dir: &Path, file: &str) -> Vec<(String, String)> {
    svg_edges(&std::fs::read_to_string(dir.join(file)).unwrap())
}

#[test]
fn sample_exported_in_2023_is_all_pass_and_now_fails() {
    let dir = tempfile::tempdir().unwrap();
    let pass = status_color(CheckStatus::Pass, Theme::Light).hex();
    let fail = status_color(CheckStatus::Fail, Theme::Light).hex();

    let out = chainlens(
        &["export", "sample", "--at", VALID_AT, "--svg", "valid.svg"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote valid.svg"), "{}", stderr(&out));
    let edges = read_edges(dir.path(), "valid.svg");
    assert_eq!(edges.len(), 2);
    assert!(
        edges.iter().all(|(s, c)| s == "pass" && c == &pass),
        "{edges:?}"
    );

    let out = chainlens(
        &[
            "export",
            "sample",
            "--at",
            EXPIRED_AT,
            "--svg",
            "expired.svg",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let edges = read_edges(dir.path(), "expired.svg");
    // Leaf → intermediate and intermediate → root: both children have expired.
    assert_eq!(edges.len(), 2);
    assert!(
        edges.iter().all(|(s, c)| s == "fail" && c == &fail),
        "{edges:?}"
    );
}

#[test]
fn exporting_twice_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for run in ["a", "b"] {
        let svg = format!("{run}.svg");
        let png = format!("{run}.png");
        let drawio = format!("{run}.drawio");
        let out = chainlens(
            &[
                "export", "sample", "--at", VALID_AT, "--svg", &svg, "--png", &png, "--drawio",
                &drawio, "--scale", "2",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    for ext in ["svg", "png", "drawio"] {
        let a = std::fs::read(dir.path().join(format!("a.{ext}"))).unwrap();
        let b = std::fs::read(dir.path().join(format!("b.{ext}"))).unwrap();
        assert!(!a.is_empty());
        assert!(a == b, "{ext} differs between runs");
    }
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
}

#[test]
fn export_writes_every_format_and_reports_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = chainlens(
        &[
            "export",
            "sample",
            "--at",
            VALID_AT,
            "--theme",
            "dark",
            "--png",
            "chain.png",
            "--transparent",
            "--drawio",
            "chain.drawio",
            "--pem",
            "sent.pem",
            "--as-sent",
            "--der-dir",
            "der",
            "--json",
            "chain.json",
            "--text",
            "chain.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for file in [
        "chain.png",
        "chain.drawio",
        "sent.pem",
        "chain.json",
        "chain.txt",
    ] {
        assert!(err.contains(&format!("wrote {file} (")), "{err}");
    }
    assert_eq!(err.matches("wrote der/").count(), 2, "{err}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("chain.json")).unwrap()).unwrap();
    assert!(json.is_object());
    let text = std::fs::read_to_string(dir.path().join("chain.txt")).unwrap();
    assert!(text.contains("amazonaws.com"));
    let der = dir
        .path()
        .join("der/01-leaf-star.iot.us-east-1.amazonaws.com.der");
    assert!(std::fs::metadata(der).unwrap().len() > 500);
    let pem = std::fs::read_to_string(dir.path().join("sent.pem")).unwrap();
    assert_eq!(pem, normalised_sample());
}

/// The sample's certificates as chainlens writes PEM (LF line endings, no text around).
fn normalised_sample() -> String {
    chainlens::ingest::load_bytes(chainlens::load::SAMPLE_PEM.as_bytes())
        .unwrap()
        .certificates
        .iter()
        .map(|c| c.to_pem())
        .collect()
}

#[test]
fn export_needs_an_output_and_a_readable_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = chainlens(&["export", "sample"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--svg"), "{}", stderr(&out));

    let out = chainlens(&["export", "missing.pem", "--svg", "x.svg"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.pem"), "{}", stderr(&out));
    assert!(!dir.path().join("x.svg").exists());

    let out = chainlens(
        &["export", "sample", "--png", "x.png", "--scale", "4"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}
