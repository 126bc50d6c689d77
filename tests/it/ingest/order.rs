//! Several files are one chain, ordered by issuer and subject links whatever order they were
//! named or selected in; a file's own order is kept, and a file out of order is reported as
//! given, not as sent.

use std::process::{Command, Output};

use chainlens::load::{self, SourceSpec};

use crate::common;

const LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const INTER: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const AT: &str = "2023-01-01T00:00:00Z";

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(common::corpus::data(""))
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn labels(loaded: &load::Loaded) -> Vec<String> {
    loaded.certificates.iter().map(|c| c.label()).collect()
}

fn load_file(relative: &str) -> load::Loaded {
    load::load_blocking(SourceSpec::File(common::corpus::data(relative))).unwrap()
}

#[test]
fn files_named_issuer_first_are_combined_leaf_first() {
    let (leaf, inter) = (load_file(LEAF), load_file(INTER));
    let expected: Vec<String> = labels(&leaf).into_iter().chain(labels(&inter)).collect();
    // The order an in-window selection lists them in: alphabetical, the issuer first.
    let combined = load::combine(vec![inter.clone(), leaf.clone()]).unwrap();
    assert_eq!(labels(&combined), expected);
    assert_eq!(
        combined.source.label,
        format!("{} + {}", leaf.source.label, inter.source.label)
    );
    assert_eq!(load::chain_order(&[inter.clone(), leaf.clone()]), [1, 0]);
    assert_eq!(load::chain_order(&[leaf, inter]), [0, 1]);
}

#[test]
fn unrelated_and_empty_sources_keep_their_places() {
    let (leaf, inter) = (load_file(LEAF), load_file(INTER));
    let cross =
        load_file("aws-iot-us-east-1/cross-Starfield-Services-Root-G2-by-Starfield-Class2.pem");
    let mut empty = leaf.clone();
    empty.certificates.clear();
    // The chain's files swap places; the others stay where they were named, so an extra
    // file between the leaf and its issuer stays between them.
    assert_eq!(
        load::chain_order(&[cross.clone(), empty.clone(), inter.clone(), leaf.clone()]),
        [0, 1, 3, 2]
    );
    assert_eq!(
        load::chain_order(&[inter.clone(), cross.clone(), leaf.clone()]),
        [2, 1, 0]
    );
    assert_eq!(
        load::chain_order(&[leaf.clone(), cross.clone(), inter.clone()]),
        [0, 1, 2]
    );
    assert_eq!(load::chain_order(&[]), Vec::<usize>::new());
    assert_eq!(load::chain_order(&[empty]), [0]);
}

#[test]
fn the_cli_orders_files_as_a_chain_and_raises_no_order_finding() {
    let out = chainlens(&["inspect", INTER, LEAF, "--at", AT]);
    let text = stdout(&out);
    assert!(!text.contains("leaf first"), "{text}");
    assert!(!text.contains("was not sent"), "{text}");
    let json = stdout(&chainlens(&["inspect", INTER, LEAF, "--at", AT, "--json"]));
    assert!(!json.contains("wrong_order"), "{json}");
}

#[test]
fn one_file_out_of_order_is_reported_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let reversed = dir.path().join("reversed.pem");
    let pem = |relative: &str| std::fs::read_to_string(common::corpus::data(relative)).unwrap();
    std::fs::write(&reversed, pem(INTER) + &pem(LEAF)).unwrap();
    let reversed = reversed.display().to_string();
    let text = stdout(&chainlens(&["inspect", &reversed, "--at", AT]));
    assert!(
        text.contains(
            "not given leaf first with each certificate followed by its issuer: the chain is certificates 2 → 1 of the order given"
        ),
        "{text}"
    );
    assert!(!text.contains(" sent"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&chainlens(&[
        "inspect", &reversed, "--at", AT, "--json",
    ])))
    .unwrap();
    let findings = json["findings"].as_array().unwrap();
    let order = findings
        .iter()
        .find(|f| f["kind"] == "wrong_order")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(
        order["message"],
        "not given leaf first with each certificate followed by its issuer: the chain is certificates 2 → 1 of the order given"
    );
}
