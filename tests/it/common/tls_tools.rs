//! External TLS servers (openssl s_server, mosquitto) as child processes on loopback ports,
//! and openssl-made certificates.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// How long a server gets to start listening.
const STARTUP_LIMIT: Duration = Duration::from_secs(10);

/// Finds `program` on PATH (and in the sbin directories, where Debian puts mosquitto).
///
/// A missing tool fails the test with instructions instead of skipping it: a test that
/// silently passes without its server proves nothing.
pub fn require_tool(program: &str, debian_package: &str) -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file());
    match found {
        Some(program_path) => Ok(program_path),
        None => bail!(
            "{program} is not installed: this test needs it (apt-get install {debian_package}); \
             it does not skip itself"
        ),
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A child process killed and reaped when dropped.
pub struct Spawned {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `program` in `dir` with the arguments `args(port)` on a free port, and waits until
/// the port accepts connections. stdout and stderr go to `dir/log_name`, shown if it fails.
///
/// Retries on another port if the child exits early, since a free port can be taken
/// between choosing it and the child binding it.
pub async fn spawn_listening(
    program: &Path,
    args: impl Fn(u16) -> Result<Vec<String>>,
    dir: &Path,
    log_name: &str,
) -> Result<Spawned> {
    let log = dir.join(log_name);
    let mut last_log = String::new();
    for _attempt in 0..3 {
        let port = free_port()?;
        let log_file = fs::File::create(&log)?;
        let child = Command::new(program)
            .args(args(port)?)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut spawned = Spawned { child, port };
        let started = Instant::now();
        while started.elapsed() < STARTUP_LIMIT {
            if let Some(status) = spawned.child.try_wait()? {
                last_log = format!("exited with {status}: {}", fs::read_to_string(&log)?);
                break;
            }
            let probe = tokio::net::TcpStream::connect(("127.0.0.1", port)).await;
            if probe.is_ok() {
                return Ok(spawned);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if started.elapsed() >= STARTUP_LIMIT {
            bail!(
                "{} did not listen on port {port} within {STARTUP_LIMIT:?}: {}",
                program.display(),
                fs::read_to_string(&log)?
            );
        }
    }
    bail!("{} failed to start: {last_log}", program.display())
}

/// Starts `program args` in `dir` and waits until `port` accepts connections.
///
/// With `ready_text`, readiness is that text in the log instead: `openssl ocsp` serves one
/// connection at a time and hangs on a probe that connects and sends nothing.
pub fn spawn_on(
    program: &Path,
    args: &[String],
    port: u16,
    dir: &Path,
    log: &str,
    ready_text: Option<&str>,
) -> Result<Spawned> {
    let log_path = dir.join(log);
    let log_file = fs::File::create(&log_path)?;
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .spawn()
        .with_context(|| format!("starting {}", program.display()))?;
    let mut peer = Spawned { child, port };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(status) = peer.child.try_wait()? {
            bail!(
                "{} exited with {status}: {}",
                program.display(),
                fs::read_to_string(&log_path)?
            );
        }
        let ready = match ready_text {
            Some(text) => fs::read_to_string(&log_path)?.contains(text),
            None => std::net::TcpStream::connect(("127.0.0.1", port)).is_ok(),
        };
        if ready {
            return Ok(peer);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("{} did not listen on {port}", program.display())
}

/// Numbers the logs of the `openssl s_server`s of a test, which may share a directory.
static S_SERVER_LOGS: AtomicUsize = AtomicUsize::new(0);

/// `openssl s_server` in `dir` on a free loopback port, serving `leaf.pem` (key `leaf.key`),
/// with `chain` (a PEM file in `dir`) as its chain when given, and the `extra` options.
///
/// `-www` keeps it serving without reading stdin; the `-no-CA*` options stop openssl from
/// completing the chain from the system store, so it sends exactly what it was given.
pub async fn s_server(dir: &Path, chain: Option<&str>, extra: &[&str]) -> Result<Spawned> {
    let openssl = require_tool("openssl", "openssl")?;
    let mut fixed: Vec<String> = [
        "s_server",
        "-www",
        "-quiet",
        "-no-CAfile",
        "-no-CApath",
        "-no-CAstore",
        "-cert",
        "leaf.pem",
        "-key",
        "leaf.key",
    ]
    .map(str::to_owned)
    .to_vec();
    if let Some(chain) = chain {
        fixed.extend(["-cert_chain".to_owned(), chain.to_owned()]);
    }
    fixed.extend(extra.iter().map(|arg| (*arg).to_owned()));
    let args = move |port: u16| {
        let mut args = fixed.clone();
        args.extend(["-accept".to_owned(), format!("127.0.0.1:{port}")]);
        Ok(args)
    };
    let log = format!(
        "s_server-{}.log",
        S_SERVER_LOGS.fetch_add(1, Ordering::Relaxed)
    );
    spawn_listening(&openssl, args, dir, &log).await
}

/// Writes the Amazon-shaped PKI of `region` to `dir` (`root.pem`, `int.pem`, `leaf.pem`,
/// `leaf.key`) and serves leaf and intermediate with [`s_server`] and the `extra` options.
pub async fn amazon_shaped_server(dir: &Path, region: &str, extra: &[&str]) -> Result<Spawned> {
    let pki = super::tls_pki::amazon_shaped(region)?;
    fs::write(dir.join("root.pem"), &pki.root.pem)?;
    fs::write(dir.join("int.pem"), &pki.intermediate.pem)?;
    fs::write(dir.join("leaf.pem"), &pki.leaf.pem)?;
    fs::write(dir.join("leaf.key"), pki.leaf.key.serialize_pem())?;
    s_server(dir, Some("int.pem"), extra).await
}

/// Runs openssl with `args` in `dir`, failing with its stderr.
pub fn openssl(dir: &Path, args: &[&str]) -> Result<()> {
    let openssl = require_tool("openssl", "openssl")?;
    let output = Command::new(openssl)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()?;
    if !output.status.success() {
        bail!(
            "openssl {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Key algorithm for openssl-made certificates.
#[derive(Clone, Copy, Debug)]
pub enum KeyKind {
    /// RSA 2048.
    Rsa,
    /// ECDSA P-256.
    Ecdsa,
}

const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:server.test, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// Makes `root.pem`, `int.pem`, `leaf.pem` and their `.key` files in `dir` with openssl.
pub fn openssl_pki(dir: &Path, kind: KeyKind) -> Result<()> {
    fs::write(dir.join("openssl.cnf"), OPENSSL_CONFIG)?;
    let new_key: &[&str] = match kind {
        KeyKind::Rsa => &["-newkey", "rsa:2048"],
        KeyKind::Ecdsa => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    };
    let request = |name: &str, subject: &str, extra: &[&str]| -> Result<()> {
        let key = format!("{name}.key");
        let mut args = vec!["req", "-config", "openssl.cnf", "-nodes", "-subj", subject];
        args.extend_from_slice(new_key);
        args.extend_from_slice(&["-keyout", &key]);
        args.extend_from_slice(extra);
        openssl(dir, &args)
    };
    let sign = |name: &str, issuer: &str, extensions: &str, serial: &str| -> Result<()> {
        let (csr, pem) = (format!("{name}.csr"), format!("{name}.pem"));
        let (ca, ca_key) = (format!("{issuer}.pem"), format!("{issuer}.key"));
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                &ca,
                "-CAkey",
                &ca_key,
                "-set_serial",
                serial,
                "-days",
                "30",
                "-extfile",
                "openssl.cnf",
                "-extensions",
                extensions,
                "-out",
                &pem,
            ],
        )
    };
    request(
        "root",
        "/CN=chainlens openssl root",
        &[
            "-x509",
            "-days",
            "30",
            "-extensions",
            "ca_ext",
            "-out",
            "root.pem",
        ],
    )?;
    request(
        "int",
        "/CN=chainlens openssl intermediate",
        &["-new", "-out", "int.csr"],
    )?;
    sign("int", "root", "ca_ext", "2")?;
    request("leaf", "/CN=server.test", &["-new", "-out", "leaf.csr"])?;
    sign("leaf", "int", "leaf_ext", "3")?;
    Ok(())
}

/// Every certificate of a PEM file, as DER, in file order.
pub fn pem_ders(path: &Path) -> Result<Vec<Vec<u8>>> {
    let text = fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(pem::parse_many(text)?
        .into_iter()
        .filter(|block| block.tag() == "CERTIFICATE")
        .map(pem::Pem::into_contents)
        .collect())
}

/// Writes the concatenation of `parts` (PEM files in `dir`) to `dir/name`.
pub fn concat_pem(dir: &Path, name: &str, parts: &[&str]) -> Result<PathBuf> {
    let mut text = String::new();
    for part in parts {
        text.push_str(&fs::read_to_string(dir.join(part))?);
    }
    let path = dir.join(name);
    fs::write(&path, text)?;
    Ok(path)
}
