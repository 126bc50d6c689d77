//! `chainlens export`: write the chain diagram (SVG, PNG, draw.io) and the chain itself (PEM,
//! DER, JSON, text) to files, from the same inspection the window shows.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{ArgGroup, Args};

use chainlens::diagram::{self, SceneOptions, Theme};
use chainlens::load::SourceSpec;
use chainlens::report::export::{self, ExportKind};
use chainlens::report::pem;

use chainlens::model::BuiltinStore;

use super::password::PasswordArgs;
use super::{NetArgs, ProfileArg, TrustArgs, exit_for, load_sources_with, run_inspection};

/// Export a chain: its diagram as SVG, PNG or draw.io, the certificates as PEM or DER, and
/// the inspection as JSON or text.
///
/// SOURCE is a PEM/DER/PKCS#7/PKCS#12 file, `-` for standard input, `sample` for the embedded
/// AWS IoT sample chain (checked against the AWS IoT roots unless a store is chosen), or a
/// TLS server (`host[:port]`, URLs), taken as `inspect` takes them: several files form one
/// set of certificates. At least one output is required; each file is written whole (to a
/// temporary name, then renamed) and reported on stderr.
///
/// Exit status: 0 when every selected store trusts the chain, 1 when one does not,
/// 2 when the input cannot be read or an output cannot be written.
/// With --device the devices decide: 0 only if every chosen device accepts the chain.
///
/// Examples:
///   chainlens export sample --at 2023-01-01T00:00:00Z --png chain.png --svg chain.svg
///   chainlens export example.com --drawio chain.drawio --theme dark
///   chainlens export leaf.pem --trust-store aws-iot --pem fullchain.pem --der-dir certs/
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
#[command(group(
    ArgGroup::new("outputs")
        .required(true)
        .multiple(true)
        .args(["svg", "png", "drawio", "pem", "der_dir", "json", "text"])
))]
pub struct Export {
    /// Files, `-`, `sample`, or one host[:port] / URL.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Write the diagram as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write the diagram as PNG.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Write the diagram as a draw.io file (opens, editable, in diagrams.net).
    #[arg(long, value_name = "FILE")]
    pub drawio: Option<PathBuf>,
    /// Write the chain as one PEM bundle, leaf first (as built; see --as-sent).
    #[arg(long, value_name = "FILE")]
    pub pem: Option<PathBuf>,
    /// For --pem and --der-dir: the certificates as the source sent them, in that order,
    /// instead of the chain as built.
    #[arg(long)]
    pub as_sent: bool,
    /// Write each certificate of the chain as DER into this directory (01-leaf-….der, …).
    #[arg(long, value_name = "DIR")]
    pub der_dir: Option<PathBuf>,
    /// Write the inspection as JSON (schema chainlens.inspection/1).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the inspection as text, as `inspect` prints it.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// PNG scale: 1, 2 (HiDPI) or 3.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=3))]
    pub scale: u32,
    /// Diagram colours.
    #[arg(long, value_enum, default_value = "light")]
    pub theme: Theme,
    /// PNG without the page background.
    #[arg(long)]
    pub transparent: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub profile: ProfileArg,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub password: PasswordArgs,
}

impl Export {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let mut trust = self.profile.apply(&self.trust).with_pin_files()?;
        // The sample is an AWS IoT chain: judge it by the roots its devices trust by default.
        let sample_only = self.sources.len() == 1
            && matches!(
                self.sources.first().map(|s| self.net.classify(s)),
                Some(Ok(SourceSpec::Sample))
            );
        if sample_only && trust.trust_store.is_empty() && trust.trust.is_empty() {
            trust.trust_store.push(BuiltinStore::AwsIot);
        }
        let stores = trust.stores()?;
        let mut all = load_sources_with(&self.net, &self.sources, &self.password.options()?)?;
        if all.len() > 1 {
            anyhow::bail!(
                "export writes one chain: give files that form it, or one server (not {})",
                all.len()
            );
        }
        let Some(loaded) = all.pop() else {
            anyhow::bail!("no certificates to export");
        };
        let insp = run_inspection(loaded, Vec::new(), &stores, &trust);

        let theme = self.theme;
        let scene = diagram::scene::build(&insp, SceneOptions { theme, store: None });
        let outputs = [
            (&self.svg, ExportKind::Svg),
            (
                &self.png,
                ExportKind::Png {
                    scale: self.scale,
                    transparent: self.transparent,
                },
            ),
            (&self.drawio, ExportKind::DrawIo),
            (
                &self.pem,
                ExportKind::Pem {
                    as_sent: self.as_sent,
                },
            ),
        ];
        for (path, kind) in outputs {
            if let Some(path) = path {
                write_file(path, &export::render(&insp, Some(&scene), kind)?)?;
            }
        }
        if let Some(dir) = &self.der_dir {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the directory {}", dir.display()))?;
            for (name, der) in pem::der_files(&insp, self.as_sent) {
                write_file(&dir.join(name), &der)?;
            }
        }
        for (path, kind) in [
            (&self.json, ExportKind::Json),
            (&self.text, ExportKind::Text),
        ] {
            if let Some(path) = path {
                write_file(path, &export::render(&insp, Some(&scene), kind)?)?;
            }
        }
        Ok(exit_for(std::slice::from_ref(&insp)))
    }
}

/// Writes a file whole (see [`export::write_atomic`]) and reports it on stderr.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    export::write_atomic(path, bytes)?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}
