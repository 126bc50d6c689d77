//! `chainlens manpage`: the manual pages, generated from the clap definitions (hidden: the
//! packages call it when they are built).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};

use crate::Cli;

/// Write the manual pages — chainlens.1 and one chainlens-SUBCOMMAND.1 per subcommand — into
/// a directory.
///
/// Example:
///   chainlens manpage target/man && man -l target/man/chainlens.1
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Manpage {
    /// Where to write the pages (created when missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

impl Manpage {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        // Built first, so that subcommands carry their display names (chainlens-inspect).
        let mut cmd = Cli::command().disable_help_subcommand(true);
        cmd.build();
        let mut written = Vec::new();
        write_pages(cmd, &self.dir, &mut written)
            .with_context(|| format!("cannot write a manual page into {}", self.dir.display()))?;
        for page in written {
            eprintln!("wrote {}", page.display());
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Writes the page of `cmd` and of each of its visible subcommands into `dir`.
fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    written.push(clap_mangen::Man::new(cmd).generate_to(dir)?);
    Ok(())
}
