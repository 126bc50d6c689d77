//! Running the real device clients of `tests/devices/` (`*_client`): building them, reading the
//! ClientHello each sends to a loopback listener, and their one-line outcomes against a server.
//! Shared by the integration tests and `examples/capture_hellos.rs` (which includes this file),
//! so the data in `assets/devices/hello/` and the test that checks it read hellos the same way.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use chainlens::handshake::client::parse_client_hello;
use chainlens::model::device::{Device, Stack};
use chainlens::model::handshake::ClientHelloProfile;
use serde::Deserialize;

/// How long a client gets to send its hello, or to finish a handshake.
const CLIENT_LIMIT: Duration = Duration::from_secs(20);

/// Builds the five clients (`make -C tests/devices clients`) into `out`.
pub fn build_clients(out: &Path) -> Result<()> {
    let devices = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/devices");
    let make = Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(&devices)
        .arg(format!("OUT={}", out.display()))
        .arg("clients")
        .output()
        .context("running make (apt-get install make gcc)")?;
    ensure!(
        make.status.success(),
        "building the clients of tests/devices failed (dist/setup-debian.sh installs the -dev \
         packages):\n{}",
        String::from_utf8_lossy(&make.stderr)
    );
    Ok(())
}

/// The client program of a stack in `bin`.
pub fn client_program(bin: &Path, stack: Stack) -> PathBuf {
    let name = match stack {
        Stack::MbedTls => "mbedtls",
        Stack::WolfSsl => "wolfssl",
        Stack::BearSsl => "bearssl",
        Stack::GnuTls => "gnutls",
        Stack::OpenSsl => "openssl",
    };
    bin.join(format!("{name}_client"))
}

/// The client's command-line flags for a device's build options. Options with no run-time
/// form (`in-content-len`, verification options) have no flag.
pub fn client_flags(device: &Device) -> Vec<String> {
    let mut flags = Vec::new();
    if device.options.no_tls13 {
        flags.push("--no-tls13".to_string());
    }
    if device.options.ecc_only {
        flags.push("--ecc-only".to_string());
    }
    if device.options.rsa_only {
        flags.push("--rsa-only".to_string());
    }
    if let Some(bytes) = device.options.max_fragment_length {
        flags.extend(["--mfl".to_string(), bytes.to_string()]);
    }
    flags
}

/// The ClientHello the device's real client sends: the client connects to a listener of ours,
/// which reads the hello and hangs up.
pub fn capture_hello(bin: &Path, device: &Device, ca_file: &Path) -> Result<ClientHelloProfile> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let mut child = Command::new(client_program(bin, device.stack))
        .arg("127.0.0.1")
        .arg(port.to_string())
        .arg(ca_file)
        .args(["--sni", "server.test"])
        .args(client_flags(device))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting the {} client", device.stack.profile_name()))?;
    listener.set_nonblocking(true)?;
    let started = Instant::now();
    let mut socket = loop {
        match listener.accept() {
            Ok((socket, _)) => break socket,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if let Some(status) = child.try_wait()? {
                    bail!("the {device} client exited with {status} before connecting");
                }
                if started.elapsed() > CLIENT_LIMIT {
                    let _ = child.kill();
                    bail!("the {device} client did not connect");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e.into()),
        }
    };
    socket.set_nonblocking(false)?;
    socket.set_read_timeout(Some(CLIENT_LIMIT))?;
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let hello = loop {
        let n = socket.read(&mut buf)?;
        if n == 0 {
            bail!("the {device} client hung up before its ClientHello was complete");
        }
        bytes.extend_from_slice(&buf[..n]);
        match parse_client_hello(&bytes) {
            Ok(hello) => break hello,
            Err(chainlens::handshake::client::HelloError::Incomplete { .. }) => continue,
            Err(e) => bail!("the {device} client sent no ClientHello: {e}"),
        }
    };
    drop(socket);
    let _ = child.wait();
    Ok(hello)
}

/// `openssl s_server` processes killed when dropped.
pub struct Servers {
    children: Vec<Child>,
    /// (version code, port) of each server, oldest version first.
    pub ports: Vec<(u16, u16)>,
    /// The CA file that trusts them.
    pub ca_file: PathBuf,
}

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Four `openssl s_server`s in `dir`, each speaking one version only (TLS 1.0 to 1.3; the old
/// ones at security level 0), each with an RSA and an ECDSA certificate for `server.test`
/// issued by one root (`ca.pem`): what measures the oldest version a client completes.
pub fn version_servers(dir: &Path) -> Result<Servers> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let root_key = KeyPair::generate()?;
    let mut root_params = CertificateParams::new(Vec::<String>::new())?;
    root_params
        .distinguished_name
        .push(DnType::CommonName, "version root");
    root_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let root = root_params.self_signed(&root_key)?;
    std::fs::write(dir.join("ca.pem"), root.pem())?;
    let issuer = Issuer::new(root_params, root_key);
    for (name, key) in [
        ("rsa", KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256)?),
        ("ec", KeyPair::generate()?),
    ] {
        let mut params = CertificateParams::new(vec!["server.test".to_string()])?;
        params
            .distinguished_name
            .push(DnType::CommonName, "server.test");
        let cert = params.signed_by(&key, &issuer)?;
        std::fs::write(dir.join(format!("{name}.pem")), cert.pem())?;
        std::fs::write(dir.join(format!("{name}.key")), key.serialize_pem())?;
    }
    let mut servers = Servers {
        children: Vec::new(),
        ports: Vec::new(),
        ca_file: dir.join("ca.pem"),
    };
    for (flag, code) in [
        ("-tls1", 0x0301),
        ("-tls1_1", 0x0302),
        ("-tls1_2", 0x0303),
        ("-tls1_3", 0x0304),
    ] {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        drop(listener);
        let child = Command::new("openssl")
            .args([
                "s_server",
                "-www",
                "-quiet",
                "-no-CAfile",
                "-no-CApath",
                "-no-CAstore",
            ])
            .args([
                "-cert", "rsa.pem", "-key", "rsa.key", "-dcert", "ec.pem", "-dkey", "ec.key",
            ])
            .args([flag, "-cipher", "DEFAULT@SECLEVEL=0"])
            .args(["-accept", &format!("127.0.0.1:{port}")])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting openssl s_server (apt-get install openssl)")?;
        servers.children.push(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            ensure!(
                started.elapsed() < CLIENT_LIMIT,
                "openssl s_server {flag} did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        servers.ports.push((code, port));
    }
    Ok(servers)
}

/// The oldest version the device's real client completes a handshake at, against `servers`.
/// max_fragment_length is left out: with 512 bytes mbedTLS completes no handshake with an RSA
/// certificate at any version (it cannot take a Certificate message over several records),
/// which says nothing about versions.
pub fn min_version(bin: &Path, device: &Device, servers: &Servers) -> Result<Option<u16>> {
    let mut plain = device.clone();
    plain.options.max_fragment_length = None;
    for (code, port) in &servers.ports {
        if run_client(bin, &plain, *port, "server.test", &servers.ca_file)?.ok {
            return Ok(Some(*code));
        }
    }
    Ok(None)
}

/// What a real client printed after a handshake (`tests/devices/client.h`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct ClientOutcome {
    /// Whether the handshake completed (chain verified included).
    pub ok: bool,
    /// The negotiated version's wire code; 0 when none.
    pub version: u16,
    /// The negotiated suite's wire code; 0 when none.
    pub suite: u16,
    /// SHA-256 of the leaf the server sent, hex; `None` when none arrived.
    pub leaf_sha256: Option<String>,
    /// The library's name for its error.
    pub error: Option<String>,
    /// The library's error number.
    pub error_value: Option<i64>,
    /// Free text.
    pub detail: String,
}

/// Runs the device's real client against `127.0.0.1:port`, sending `sni` and trusting
/// `ca_file`.
pub fn run_client(
    bin: &Path,
    device: &Device,
    port: u16,
    sni: &str,
    ca_file: &Path,
) -> Result<ClientOutcome> {
    let output = Command::new("timeout")
        .arg(CLIENT_LIMIT.as_secs().to_string())
        .arg(client_program(bin, device.stack))
        .arg("127.0.0.1")
        .arg(port.to_string())
        .arg(ca_file)
        .args(["--sni", sni])
        .args(client_flags(device))
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running the {device} client"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().next().unwrap_or_default();
    serde_json::from_str(line).with_context(|| {
        format!(
            "the {device} client printed no outcome ({}): {stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    })
}
