//! moto, a real AWS API emulator (PyPI `moto[server]`), on a loopback port: one server per
//! test, seeded so its ids are fixed, killed when dropped.
//!
//! The server is found through `CHAINLENS_MOTO_SERVER`, then the virtual environment
//! `dist/setup-debian.sh` installs it into (`/opt/chainlens-moto`), then PATH.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::tls_tools::free_port;

/// Where `.ci/run` installs moto.
const VENV_SERVER: &str = "/opt/chainlens-moto/bin/moto_server";

/// How long moto gets to start answering (it imports a lot of Python).
const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// A running moto server.
pub struct Moto {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Moto {
    /// Its base URL, for `--endpoint-url` or a profile's `endpoint_url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The moto_server program, when it is installed.
pub fn moto_server() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHAINLENS_MOTO_SERVER") {
        return Some(PathBuf::from(path));
    }
    let venv = PathBuf::from(VENV_SERVER);
    if venv.is_file() {
        return Some(venv);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("moto_server"))
        .find(|candidate| candidate.is_file())
}

/// Starts a seeded moto, or says loudly that the test is skipped when moto is absent
/// (`.ci/run` installs it, so CI never skips).
pub fn start() -> Result<Option<Moto>> {
    start_with(&[])
}

/// Like [`start`], with extra environment for the server (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`).
pub fn start_with(env: &[(&str, &str)]) -> Result<Option<Moto>> {
    let Some(program) = moto_server() else {
        eprintln!(
            "SKIPPED: moto_server not found (set CHAINLENS_MOTO_SERVER, or: python3 -m venv \
             /opt/chainlens-moto && /opt/chainlens-moto/bin/pip install 'moto[server]')"
        );
        return Ok(None);
    };
    let dir = tempfile::tempdir()?;
    let log = dir.path().join("moto.log");
    let mut last_error = String::new();
    // A free port can be taken between choosing it and moto binding it: try another.
    for _attempt in 0..3 {
        let port = free_port()?;
        let log_file = fs::File::create(&log)?;
        let mut command = Command::new(&program);
        command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut moto = Moto {
            child,
            port,
            _dir: tempfile::tempdir()?,
        };
        let started = Instant::now();
        while started.elapsed() < STARTUP_LIMIT {
            if let Some(status) = moto.child.try_wait()? {
                last_error = format!("exited with {status}: {}", read_log(&log));
                break;
            }
            // Seeding fixes moto's ids, and its answer says the server is up.
            match post(port, "/moto-api/seed?a=42") {
                Ok(200) => {
                    moto._dir = dir;
                    return Ok(Some(moto));
                }
                Ok(status) => bail!("moto answered the seed request with HTTP {status}"),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        if started.elapsed() >= STARTUP_LIMIT {
            bail!(
                "moto did not answer on port {port} within {STARTUP_LIMIT:?}: {}",
                read_log(&log)
            );
        }
    }
    bail!("moto failed to start: {last_error}")
}

fn read_log(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// POSTs an empty body to moto's control API and returns the HTTP status.
fn post(port: u16, path: &str) -> Result<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    let status = reply
        .split_whitespace()
        .nth(1)
        .context("empty reply from moto")?;
    Ok(status.parse()?)
}
