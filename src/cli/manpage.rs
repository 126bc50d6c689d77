//! `chainlens manpage`: the manual pages, generated from the clap definitions (the packages
//! install them; a `cargo install` build can write them itself).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};

use crate::Cli;

/// Write the manual pages — chainlens.1 and one chainlens-SUBCOMMAND.1 per subcommand — into
/// a directory.
///
/// The .deb and the tarball install these pages already.
///
/// Example:
///   chainlens manpage ~/.local/share/man/man1 && man chainlens-inspect
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
    let description = cmd
        .get_long_about()
        .or_else(|| cmd.get_about())
        .map(|about| description_roff(&about.to_string()));
    let man = clap_mangen::Man::new(cmd);
    let mut page = Vec::new();
    man.render(&mut page)?;
    let page = String::from_utf8_lossy(&page);
    let page = match description {
        Some(description) => replace_description(&page, &description),
        None => page.into_owned(),
    };
    let path = dir.join(man.get_filename());
    std::fs::write(&path, page)?;
    written.push(path);
    Ok(())
}

/// The DESCRIPTION section for a subcommand's doc comment. clap_mangen fills every line into
/// paragraphs, which runs the indented example commands together; here they stay one per line,
/// as in `--help`.
fn description_roff(about: &str) -> String {
    let mut roff = String::from(".SH DESCRIPTION\n");
    let mut in_example = false;
    for line in about.lines() {
        let example = line.strip_prefix("  ");
        if example.is_some() != in_example {
            roff.push_str(if in_example {
                ".fi\n.RE\n"
            } else {
                ".RS 4\n.nf\n"
            });
            in_example = example.is_some();
        }
        if line.trim().is_empty() {
            roff.push_str(".PP\n");
        } else {
            roff.push_str(&escape_roff(example.unwrap_or(line)));
            roff.push('\n');
        }
    }
    if in_example {
        roff.push_str(".fi\n.RE\n");
    }
    roff
}

/// Text as roff shows it literally: backslashes, hyphens (so that options copy as typed),
/// quotes, and a control character at the start of a line.
fn escape_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    if text.starts_with('.') || text.starts_with('\'') {
        out.push_str("\\&");
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\(aq"),
            '`' => out.push_str("\\(ga"),
            _ => out.push(c),
        }
    }
    out
}

/// `page` with its DESCRIPTION section (up to the next section) replaced by `description`.
fn replace_description(page: &str, description: &str) -> String {
    const HEADING: &str = ".SH DESCRIPTION\n";
    let Some(start) = page.find(HEADING) else {
        return page.to_string();
    };
    let after = start + HEADING.len();
    let end = page
        .get(after..)
        .and_then(|rest| rest.find("\n.SH "))
        .map_or(page.len(), |i| after + i + 1);
    let (Some(before), Some(rest)) = (page.get(..start), page.get(end..)) else {
        return page.to_string();
    };
    format!("{before}{description}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_keep_their_lines_and_options_their_hyphens() {
        let roff = description_roff(
            "Print a script.\n\nExamples:\n  source <(chainlens completions bash)\n  \
             chainlens verify leaf.pem --at 2023-01-01 \\\n      --host 'a.example'\nAfter.",
        );
        assert_eq!(
            roff,
            ".SH DESCRIPTION\nPrint a script.\n.PP\nExamples:\n.RS 4\n.nf\n\
             source <(chainlens completions bash)\n\
             chainlens verify leaf.pem \\-\\-at 2023\\-01\\-01 \\e\n\
             \x20   \\-\\-host \\(aqa.example\\(aq\n.fi\n.RE\nAfter.\n"
        );
    }

    #[test]
    fn a_line_starting_with_a_dot_is_not_a_request() {
        assert_eq!(escape_roff(".deb and -"), "\\&.deb and \\-");
    }

    #[test]
    fn only_the_description_section_is_replaced() {
        let page = ".TH x 1\n.SH NAME\nx\n.SH DESCRIPTION\nold\n.PP\nold\n.SH OPTIONS\n\\-h\n";
        assert_eq!(
            replace_description(page, ".SH DESCRIPTION\nnew\n"),
            ".TH x 1\n.SH NAME\nx\n.SH DESCRIPTION\nnew\n.SH OPTIONS\n\\-h\n"
        );
        assert_eq!(replace_description("no sections", "x"), "no sections");
    }
}
