//! `chainlens completions`: shell completion scripts, generated from the clap definitions.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::Cli;

/// Print the tab-completion script for a shell on standard output.
///
/// The .deb and the tarball install these scripts already (bash, zsh and fish); this is for
/// a `cargo install` build or another shell.
///
/// Examples:
///   source <(chainlens completions bash)              # this bash session only
///   chainlens completions bash > ~/.local/share/bash-completion/completions/chainlens
///   chainlens completions zsh > ~/.zfunc/_chainlens   # with fpath+=~/.zfunc before compinit
///   chainlens completions fish > ~/.config/fish/completions/chainlens.fish
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Completions {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

impl Completions {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut Cli::command(), "chainlens", &mut script);
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&script)
            .and_then(|()| stdout.flush())
            .context("cannot write the completion script to standard output")?;
        Ok(ExitCode::SUCCESS)
    }
}
