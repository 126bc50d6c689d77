//! `chainlens batch`: many sources from a list, concurrently, one row each.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use chainlens::load::{LoadOptions, Loaded, SourceSpec, load_blocking_with, load_with};
use chainlens::model::Inspection;
use chainlens::report::batch::{self, BatchRow, RowStatus};
use chainlens::verify::TrustStore;

use super::password::{self, PasswordArgs};
use super::{
    EXIT_INPUT_ERROR, EXIT_NOT_TRUSTED, EXIT_TRUSTED, NetArgs, ProfileArg, TrustArgs,
    run_inspection,
};

/// The largest list read: far beyond any real inventory, and it bounds memory.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

/// Time a row gets beyond --timeout, so the fetch's own, more specific timeout error
/// (connect, handshake) is the one reported when it fires.
const ROW_GRACE: Duration = Duration::from_secs(2);

/// Inspect many sources from a list, concurrently: one row per source, in list order.
///
/// FILE (or `-` for standard input) holds one source per line, anything `inspect` takes:
/// a PEM/DER/PKCS#7/PKCS#12 file, `sample`, `host`, `host:port`, `[v6]:port` or a URL. Blank
/// lines and lines starting with `#` are skipped. Each row is read and verified on its own,
/// with the same trust stores, policy and network options, at most --jobs at a time, and
/// each gets --timeout seconds (plus a little) in all.
///
/// The table shows per row: the source, each store's verdict (`trusted`, or `no:` and the
/// failure code), the leaf's subject, DAYS, the leaf's issuer and the error. --csv has the
/// same columns, uncut; --json is an array with, per row, `line`, `source`, `status`,
/// `error`, `days_until_first_break`, `first_break` and `inspection` (the `inspect --json`
/// object, schema chainlens.inspection/1; null when the source could not be read).
///
/// DAYS is the number of whole days from the validation time (--at, default now) until the
/// chain first breaks: until the earliest notAfter on the trusted path that lasts longest
/// (over every store's trusted paths, the anchor's certificate included); when no store
/// trusts the chain, until the leaf's notAfter. 0 is the last day; negative means that
/// date has passed.
///
/// Progress goes to stderr when it is a terminal. Exit status: 0 when every row is trusted
/// by every store, 1 when some row is not trusted, 2 when some row could not be read or
/// reached (or the list itself cannot be read). With --device the devices decide: a row
/// counts as trusted only if every chosen device accepts it.
///
/// Examples:
///   chainlens batch endpoints.txt --trust-store mozilla --trust-store system
///   printf 'example.com\nexample.org:8443\n' | chainlens batch - --csv > report.csv
///   chainlens batch fleet.txt --trust root.pem --jobs 64 --timeout 5 --json
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Batch {
    /// The list: one source per line, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub list: String,
    /// How many rows run at once.
    #[arg(long, value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub jobs: u32,
    /// Print a JSON array (schema chainlens.batch/1), one element per row.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (RFC 4180), one line per row after a header line.
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub profile: ProfileArg,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub password: PasswordArgs,
}

/// The sources of a list, with their 1-based line numbers.
pub fn parse_list(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(n, line)| (n, line.to_string()))
        .collect()
}

fn read_list(list: &str) -> Result<String> {
    let mut bytes = Vec::new();
    if list == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_LIST_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read the list from standard input")?;
    } else {
        let path = PathBuf::from(list);
        std::fs::File::open(&path)
            .and_then(|f| f.take(MAX_LIST_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read the list {}", path.display()))?;
    }
    anyhow::ensure!(
        bytes.len() as u64 <= MAX_LIST_BYTES,
        "the list is larger than {MAX_LIST_BYTES} bytes: {list}"
    );
    String::from_utf8(bytes).with_context(|| format!("the list is not UTF-8 text: {list}"))
}

/// What every row shares.
struct Shared {
    net: NetArgs,
    trust: TrustArgs,
    stores: Vec<TrustStore>,
    options: LoadOptions,
}

/// Reads one source and inspects it, as `inspect` would.
async fn run_row(shared: Arc<Shared>, source: String) -> Result<Inspection> {
    let spec = shared.net.classify(&source)?;
    let loaded: Loaded = match spec {
        SourceSpec::Stdin => {
            anyhow::bail!("standard input cannot be a row of a list")
        }
        SourceSpec::Network(..) => load_with(spec, &shared.options)
            .await
            .map_err(password::explain)?,
        local => {
            let shared = Arc::clone(&shared);
            tokio::task::spawn_blocking(move || load_blocking_with(local, &shared.options))
                .await?
                .map_err(password::explain)?
        }
    };
    let inspection = tokio::task::spawn_blocking(move || {
        run_inspection(loaded, Vec::new(), &shared.stores, &shared.trust)
    })
    .await?;
    Ok(inspection)
}

/// Runs every row on `runtime`, at most `jobs` at a time, and returns them in list order.
/// `progress` is told after each row completes (rows done, rows in all).
pub fn run_rows(
    rows: Vec<(usize, String)>,
    net: NetArgs,
    trust: TrustArgs,
    stores: Vec<TrustStore>,
    options: LoadOptions,
    jobs: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<BatchRow>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("chainlens-batch")
        .build()
        .context("cannot start the network runtime")?;
    let row_timeout = Duration::from_secs(net.timeout.max(1)) + ROW_GRACE;
    let timeout_secs = net.timeout;
    let shared = Arc::new(Shared {
        net,
        trust,
        stores,
        options,
    });
    runtime.block_on(async move {
        let total = rows.len();
        let semaphore = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        for (index, (line, source)) in rows.into_iter().enumerate() {
            let semaphore = Arc::clone(&semaphore);
            let shared = Arc::clone(&shared);
            let sender = sender.clone();
            tokio::spawn(async move {
                let _permit = semaphore.acquire_owned().await;
                let outcome = match tokio::time::timeout(
                    row_timeout,
                    run_row(shared, source.clone()),
                )
                .await
                {
                    Ok(Ok(inspection)) => Ok(inspection),
                    Ok(Err(err)) => Err(format!("{err:#}")),
                    Err(_) => Err(format!(
                        "no result within {timeout_secs} s (the row's timeout)"
                    )),
                };
                // The receiver lives until every row has reported.
                let _ = sender.send((
                    index,
                    BatchRow {
                        line,
                        source,
                        outcome,
                    },
                ));
            });
        }
        drop(sender);
        let mut done: Vec<Option<BatchRow>> = (0..total).map(|_| None).collect();
        let mut count = 0;
        while let Some((index, row)) = receiver.recv().await {
            if let Some(slot) = done.get_mut(index) {
                *slot = Some(row);
            }
            count += 1;
            progress(count, total);
        }
        let rows: Vec<BatchRow> = done.into_iter().flatten().collect();
        anyhow::ensure!(rows.len() == total, "a row's task ended without a result");
        Ok(rows)
    })
}

/// The exit code for a finished batch: 2 if any row failed, else 1 if any is not trusted.
pub fn exit_for_rows(rows: &[BatchRow]) -> ExitCode {
    let statuses: Vec<RowStatus> = rows.iter().map(BatchRow::status).collect();
    if statuses.contains(&RowStatus::Error) {
        ExitCode::from(EXIT_INPUT_ERROR)
    } else if statuses.contains(&RowStatus::NotTrusted) {
        ExitCode::from(EXIT_NOT_TRUSTED)
    } else {
        ExitCode::from(EXIT_TRUSTED)
    }
}

impl Batch {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let trust = self.profile.apply(&self.trust);
        let stores = trust.stores()?;
        let store_names: Vec<String> = stores.iter().map(|s| s.name.clone()).collect();
        let options = self.password.options()?;
        let text = read_list(&self.list)?;
        let rows = parse_list(&text);
        anyhow::ensure!(!rows.is_empty(), "no sources in the list {}", self.list);
        let terminal = std::io::stderr().is_terminal();
        let mut stderr = std::io::stderr();
        let rows = run_rows(
            rows,
            self.net.clone(),
            trust,
            stores,
            options,
            self.jobs as usize,
            |done, total| {
                if terminal {
                    // Progress only: nothing else is written to stderr while rows run.
                    let _ = write!(stderr, "\r{done}/{total} rows done");
                    let _ = stderr.flush();
                }
            },
        )?;
        if terminal {
            eprint!("\r\x1b[K");
        }
        let out = if self.json {
            let mut json = batch::json(&rows);
            json.push('\n');
            json
        } else if self.csv {
            batch::csv(&rows, &store_names)
        } else {
            batch::table(&rows, &store_names)
        };
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(out.as_bytes())?;
        stdout.flush()?;
        Ok(exit_for_rows(&rows))
    }
}
