//! Real Debian servers that speak STARTTLS — postfix (SMTP), dovecot (IMAP, POP3), slapd
//! (LDAP), prosody (XMPP), vsftpd (FTP) and PostgreSQL — each started by its test in a
//! temporary directory on a free loopback port, with openssl-made certificates (root →
//! intermediate → leaf for localhost), and killed with its whole process group on drop.
//!
//! A launcher returns `None`, after a loud message, only when its server's binary is not
//! installed (`dist/setup-debian.sh` installs them all; CI has them).

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tempfile::TempDir;

use super::tls_tools::{KeyKind, concat_pem, free_port, openssl_pki};

/// How long a server gets to start listening (initdb is done before this).
const STARTUP_LIMIT: Duration = Duration::from_secs(20);

/// A server process group on a loopback port, in its own directory.
pub struct Daemon {
    child: Child,
    /// The loopback port it serves the protocol on.
    pub port: u16,
    /// Its directory: configuration, certificates (`root.pem` is the trust anchor), logs.
    pub dir: TempDir,
    /// What it printed, for failure messages.
    log: PathBuf,
    /// A pid file naming a process that leads its own session (postfix's master calls
    /// setsid), whose group is killed too.
    session_pid_file: Option<PathBuf>,
}

impl Daemon {
    /// The directory holding `root.pem`.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // Servers fork workers (postfix's master, dovecot's logins, postgres's backends): the
        // whole process group goes.
        let mut groups = vec![format!("-{}", self.child.id())];
        if let Some(pid) = self
            .session_pid_file
            .as_ref()
            .and_then(|file| fs::read_to_string(file).ok())
            .and_then(|text| text.trim().parse::<u32>().ok())
        {
            groups.push(format!("-{pid}"));
        }
        for group in groups {
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first of `candidates` that exists, or `None` after saying loudly which test skips.
fn find_binary(candidates: &[&str], debian_package: &str) -> Option<PathBuf> {
    let found = candidates.iter().map(PathBuf::from).find(|p| p.is_file());
    if found.is_none() {
        eprintln!(
            "SKIPPED: {} is not installed (apt-get install {debian_package}, or run \
             dist/setup-debian.sh); this STARTTLS test did not run",
            candidates.first().copied().unwrap_or_default()
        );
    }
    found
}

/// A temporary directory with the openssl PKI (`root.pem`, `int.pem`, `leaf.pem`,
/// `leaf.key`) and `chain.pem` (leaf then intermediate), readable by `owner` if given.
fn pki_dir() -> Result<TempDir> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    concat_pem(dir.path(), "chain.pem", &["leaf.pem", "int.pem"])?;
    Ok(dir)
}

/// Gives `dir` and everything in it to `user` (servers that drop or refuse root).
fn chown(dir: &Path, user: &str) -> Result<()> {
    let status = Command::new("chown").args(["-R", user]).arg(dir).status()?;
    if !status.success() {
        bail!("chown -R {user} {} failed", dir.display());
    }
    Ok(())
}

/// Starts `program args` in `dir` as its own process group and waits until `port` accepts.
fn start(
    program: &Path,
    args: &[String],
    dir: TempDir,
    port: u16,
    log_name: &str,
) -> Result<Daemon> {
    let log = dir.path().join(log_name);
    let log_file = fs::File::create(&log)?;
    let child = Command::new(program)
        .args(args)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .process_group(0)
        .spawn()
        .with_context(|| format!("starting {}", program.display()))?;
    let mut daemon = Daemon {
        child,
        port,
        dir,
        log,
        session_pid_file: None,
    };
    let started = Instant::now();
    while started.elapsed() < STARTUP_LIMIT {
        if let Some(status) = daemon.child.try_wait()? {
            bail!(
                "{} exited with {status} before listening on {port}: {}",
                program.display(),
                daemon.log()
            );
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(daemon);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!(
        "{} did not listen on 127.0.0.1:{port} within {STARTUP_LIMIT:?}: {}",
        program.display(),
        daemon.log()
    )
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// postfix's smtpd on a loopback port; with `tls` false it has no certificate, and answers
/// STARTTLS with "502 5.5.1 Error: command not implemented".
pub fn postfix(tls: bool) -> Result<Option<Daemon>> {
    postfix_with(tls, "")
}

/// [`postfix`] with more `main.cf` lines (`tls_medium_cipherlist = AES128-SHA`).
pub fn postfix_with(tls: bool, extra_main_cf: &str) -> Result<Option<Daemon>> {
    let Some(program) = find_binary(&["/usr/sbin/postfix"], "postfix") else {
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let port = free_port()?;
    fs::create_dir_all(dir.path().join("queue"))?;
    fs::create_dir_all(dir.path().join("data"))?;
    chown(&dir.path().join("data"), "postfix")?;
    let mut main = format!(
        "compatibility_level = 3.6\n\
         queue_directory = {root}/queue\n\
         data_directory = {root}/data\n\
         mail_owner = postfix\n\
         inet_interfaces = 127.0.0.1\n\
         inet_protocols = ipv4\n\
         myhostname = localhost\n\
         mydestination =\n\
         alias_maps =\n\
         alias_database =\n\
         maillog_file = /dev/stdout\n"
    );
    if tls {
        main.push_str(&format!(
            "smtpd_tls_chain_files = {root}/leaf.key, {root}/chain.pem\n\
             smtpd_tls_security_level = may\n"
        ));
    }
    main.push_str(extra_main_cf);
    fs::write(dir.path().join("main.cf"), main)?;
    fs::write(
        dir.path().join("master.cf"),
        format!(
            "127.0.0.1:{port} inet n - n - - smtpd\n\
             cleanup unix n - n - 0 cleanup\n\
             rewrite unix - - n - - trivial-rewrite\n\
             anvil unix - - n - 1 anvil\n\
             tlsmgr unix - - n 1000? 1 tlsmgr\n\
             scache unix - - n - 1 scache\n\
             proxymap unix - - n - - proxymap\n\
             postlog unix-dgram n - n - 1 postlogd\n"
        ),
    )?;
    let args = strings(&["-c", &root, "start-fg"]);
    let mut daemon = start(&program, &args, dir, port, "postfix.log")?;
    daemon.session_pid_file = Some(daemon.path().join("queue/pid/master.pid"));
    Ok(Some(daemon))
}

/// dovecot serving IMAP (STARTTLS) and POP3 (STLS) on two loopback ports: the returned
/// daemon's `port` is IMAP's, and the second value is POP3's.
pub fn dovecot() -> Result<Option<(Daemon, u16)>> {
    let Some(program) = find_binary(&["/usr/sbin/dovecot"], "dovecot-imapd dovecot-pop3d") else {
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let (imap, pop3) = (free_port()?, free_port()?);
    fs::write(
        dir.path().join("dovecot.conf"),
        format!(
            "base_dir = {root}/run\n\
             state_dir = {root}/state\n\
             log_path = /dev/stderr\n\
             protocols = imap pop3\n\
             listen = 127.0.0.1\n\
             ssl = yes\n\
             ssl_cert = <{root}/chain.pem\n\
             ssl_key = <{root}/leaf.key\n\
             passdb {{\n  driver = static\n  args = password=unused\n}}\n\
             userdb {{\n  driver = static\n  args = uid=nobody gid=nogroup home={root}/home\n}}\n\
             service imap-login {{\n\
               inet_listener imap {{\n    address = 127.0.0.1\n    port = {imap}\n  }}\n\
               inet_listener imaps {{\n    port = 0\n  }}\n\
             }}\n\
             service pop3-login {{\n\
               inet_listener pop3 {{\n    address = 127.0.0.1\n    port = {pop3}\n  }}\n\
               inet_listener pop3s {{\n    port = 0\n  }}\n\
             }}\n"
        ),
    )?;
    let args = strings(&["-F", "-c", &format!("{root}/dovecot.conf")]);
    let daemon = start(&program, &args, dir, imap, "dovecot.log")?;
    // Both listeners open together; wait for the second too.
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", pop3)).is_err() {
        if started.elapsed() > STARTUP_LIMIT {
            bail!(
                "dovecot did not listen on POP3 port {pop3}: {}",
                daemon.log()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Some((daemon, pop3)))
}

/// slapd with no database at all: the StartTLS extended operation needs none.
pub fn slapd() -> Result<Option<Daemon>> {
    let Some(program) = find_binary(&["/usr/sbin/slapd"], "slapd") else {
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let port = free_port()?;
    fs::write(
        dir.path().join("slapd.conf"),
        format!(
            "pidfile {root}/slapd.pid\n\
             TLSCertificateFile {root}/chain.pem\n\
             TLSCertificateKeyFile {root}/leaf.key\n"
        ),
    )?;
    let args = strings(&[
        "-d",
        "0",
        "-h",
        &format!("ldap://127.0.0.1:{port}/"),
        "-f",
        &format!("{root}/slapd.conf"),
    ]);
    start(&program, &args, dir, port, "slapd.log").map(Some)
}

/// prosody (client-to-server only) for the domain `localhost`, run as its own user, which
/// it insists on.
pub fn prosody() -> Result<Option<Daemon>> {
    let Some(program) = find_binary(&["/usr/bin/prosody"], "prosody") else {
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let port = free_port()?;
    fs::create_dir_all(dir.path().join("data"))?;
    fs::write(
        dir.path().join("prosody.cfg.lua"),
        format!(
            "pidfile = \"{root}/prosody.pid\"\n\
             data_path = \"{root}/data\"\n\
             daemonize = false\n\
             log = {{ {{ levels = {{ min = \"info\" }}, to = \"console\" }} }}\n\
             interfaces = {{ \"127.0.0.1\" }}\n\
             c2s_ports = {{ {port} }}\n\
             s2s_ports = {{ }}\n\
             c2s_direct_tls_ports = {{ }}\n\
             http_ports = {{ }}\n\
             https_ports = {{ }}\n\
             modules_enabled = {{ \"tls\", \"saslauth\", \"disco\" }}\n\
             modules_disabled = {{ \"s2s\" }}\n\
             c2s_require_encryption = true\n\
             authentication = \"internal_plain\"\n\
             VirtualHost \"localhost\"\n\
             \x20 ssl = {{ certificate = \"{root}/chain.pem\"; key = \"{root}/leaf.key\"; }}\n"
        ),
    )?;
    chown(dir.path(), "prosody")?;
    let args = vec![
        "-u".to_owned(),
        "prosody".to_owned(),
        "--".to_owned(),
        program.display().to_string(),
        "--config".to_owned(),
        format!("{root}/prosody.cfg.lua"),
    ];
    start(
        Path::new("/usr/sbin/runuser"),
        &args,
        dir,
        port,
        "prosody.log",
    )
    .map(Some)
}

/// vsftpd with explicit TLS (AUTH TLS) in the foreground.
pub fn vsftpd() -> Result<Option<Daemon>> {
    let Some(program) = find_binary(&["/usr/sbin/vsftpd"], "vsftpd") else {
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let port = free_port()?;
    fs::create_dir_all(dir.path().join("empty"))?;
    fs::write(
        dir.path().join("vsftpd.conf"),
        format!(
            "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port={port}\n\
             background=NO\nanonymous_enable=NO\nlocal_enable=YES\nssl_enable=YES\n\
             rsa_cert_file={root}/chain.pem\nrsa_private_key_file={root}/leaf.key\n\
             secure_chroot_dir={root}/empty\nvsftpd_log_file={root}/vsftpd.log\n\
             seccomp_sandbox=NO\n"
        ),
    )?;
    let args = vec![format!("{root}/vsftpd.conf")];
    start(&program, &args, dir, port, "vsftpd.out").map(Some)
}

/// PostgreSQL with `ssl = on`, from a fresh initdb, run as `nobody` (postgres refuses root).
/// Debian's binaries are in /usr/lib/postgresql/VERSION/bin; a build from source in
/// /usr/local/bin works too.
pub fn postgres() -> Result<Option<Daemon>> {
    let mut bin_dirs: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
                .collect()
        })
        .unwrap_or_default();
    bin_dirs.sort();
    bin_dirs.reverse();
    bin_dirs.push(PathBuf::from("/usr/local/bin"));
    let Some(bin) = bin_dirs
        .into_iter()
        .find(|dir| dir.join("postgres").is_file() && dir.join("initdb").is_file())
    else {
        eprintln!(
            "SKIPPED: PostgreSQL is not installed (apt-get install postgresql, or run \
             dist/setup-debian.sh); this STARTTLS test did not run"
        );
        return Ok(None);
    };
    let dir = pki_dir()?;
    let root = dir.path().display().to_string();
    let port = free_port()?;
    chown(dir.path(), "nobody")?;
    let mut key_mode = fs::metadata(dir.path().join("leaf.key"))?.permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut key_mode, 0o600);
    fs::set_permissions(dir.path().join("leaf.key"), key_mode)?;
    let initdb = Command::new("/usr/sbin/runuser")
        .args(["-u", "nobody", "--"])
        .arg(bin.join("initdb"))
        .args([
            "-D",
            &format!("{root}/data"),
            "-A",
            "trust",
            "-U",
            "postgres",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()?;
    if !initdb.status.success() {
        bail!("initdb failed: {}", String::from_utf8_lossy(&initdb.stderr));
    }
    let args = vec![
        "-u".to_owned(),
        "nobody".to_owned(),
        "--".to_owned(),
        bin.join("postgres").display().to_string(),
        "-D".to_owned(),
        format!("{root}/data"),
        "-p".to_owned(),
        port.to_string(),
        "-c".to_owned(),
        "listen_addresses=127.0.0.1".to_owned(),
        "-c".to_owned(),
        format!("unix_socket_directories={root}"),
        "-c".to_owned(),
        "ssl=on".to_owned(),
        "-c".to_owned(),
        format!("ssl_cert_file={root}/chain.pem"),
        "-c".to_owned(),
        format!("ssl_key_file={root}/leaf.key"),
    ];
    start(
        Path::new("/usr/sbin/runuser"),
        &args,
        dir,
        port,
        "postgres.log",
    )
    .map(Some)
}
