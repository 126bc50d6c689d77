//! The `chainlens` binary: no subcommand opens the window; otherwise runs the subcommand.

/// `println!` for the subcommands' output: when the reader has gone (`chainlens … | head`), the
/// process ends quietly with status 0 instead of panicking on the closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*), true)
    };
}

/// `print!` with the same closed-pipe rule as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*), false)
    };
}

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Inspect and verify X.509 certificate chains: can my device trust this endpoint?
///
/// Without a subcommand, opens the window (on the embedded AWS IoT sample chain when given
/// nothing, or on the given files or host[:port]).
#[derive(Parser, Debug)]
#[command(name = "chainlens", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or host[:port] to open in the window.
    #[arg(value_name = "SOURCE")]
    sources: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    Inspect(cli::inspect::Inspect),
    #[cfg(feature = "aws")]
    Aws(cli::aws::Aws),
    #[cfg(feature = "aws")]
    Discover(cli::discover::Discover),
    Verify(cli::verify::Verify),
    Export(cli::export::Export),
    Batch(cli::batch::Batch),
    Probe(cli::probe::Probe),
    Devices(cli::devices::Devices),
    Completions(cli::completions::Completions),
    Manpage(cli::manpage::Manpage),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Inspect(cmd)) => cmd.run(),
        Some(Command::Verify(cmd)) => cmd.run(),
        Some(Command::Export(cmd)) => cmd.run(),
        Some(Command::Batch(cmd)) => cmd.run(),
        Some(Command::Probe(cmd)) => cmd.run(),
        Some(Command::Devices(cmd)) => cmd.run(),
        Some(Command::Completions(cmd)) => cmd.run(),
        Some(Command::Manpage(cmd)) => cmd.run(),
        #[cfg(feature = "aws")]
        Some(Command::Aws(cmd)) => cmd.run(),
        #[cfg(feature = "aws")]
        Some(Command::Discover(cmd)) => cmd.run(),
        None => open_window(cli.sources),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("chainlens: {err:#}");
            ExitCode::from(cli::EXIT_INPUT_ERROR)
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(sources: Vec<String>) -> anyhow::Result<ExitCode> {
    // One small runtime for every background job of the window (fetches, loads, dialogs).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("chainlens-jobs")
        .enable_all()
        .build()?;
    chainlens::gui::run(sources, runtime.handle().clone())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_window(_sources: Vec<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this chainlens was built without the window (feature \"gui\"); try `chainlens inspect --help`"
    )
}

/// Writes to standard output; a closed pipe ends the process quietly (status 0), as for other
/// command-line tools, and any other write error is reported once.
fn write_stdout(args: std::fmt::Arguments<'_>, newline: bool) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| {
        if newline {
            stdout.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("chainlens: cannot write the output: {e}");
            std::process::exit(2);
        }
    }
}
