//! A small `openssl ca` PKI for revocation tests: a root, a delegated OCSP responder, a good
//! and a revoked leaf (whose AIA and CDP point at loopback ports chosen up front), the CRL in
//! PEM and DER, a stapling response, and the real peers: `openssl ocsp`, `python3 -m
//! http.server`, `openssl s_server -status_file`.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Result, bail};

use super::tls_tools::{Spawned, free_port, openssl, require_tool, spawn_on};

const CA_CONFIG: &str = "\
[ca]
default_ca = root_ca
[root_ca]
dir = .
database = index.txt
serial = serial
crlnumber = crlnumber
new_certs_dir = issued
certificate = root.pem
private_key = root.key
default_md = sha256
default_days = 365
default_crl_days = 30
policy = anything
unique_subject = no
copy_extensions = none
crl_extensions = crl_ext
[anything]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[crl_ext]
authorityKeyIdentifier = keyid:always
[responder_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:localhost, DNS:good.localhost, DNS:revoked.localhost
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ENV::OCSP_PORT}/,caIssuers;URI:http://127.0.0.1:${ENV::HTTP_PORT}/root.der
crlDistributionPoints = URI:http://127.0.0.1:${ENV::HTTP_PORT}/root.crl
";

/// The PKI on disk, and the ports its certificates name.
pub struct OcspPki {
    /// Holds every file; removed on drop.
    pub dir: tempfile::TempDir,
    /// The port the leaves' AIA OCSP URL names.
    pub ocsp_port: u16,
    /// The port the leaves' CDP and caIssuers URLs name.
    pub http_port: u16,
}

impl OcspPki {
    /// A file of the PKI.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A file of the PKI as a string argument.
    pub fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// Builds the PKI: `root.pem`, `responder.pem`, `good.pem`, `revoked.pem` (revoked for
    /// keyCompromise), `root.crl.pem` / `root.crl` (DER), and `revoked.ocsp.der` /
    /// `good.ocsp.der`, responses for each leaf signed by the delegated responder.
    pub fn build() -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let d = dir.path();
        let ocsp_port = free_port()?;
        let mut http_port = free_port()?;
        while http_port == ocsp_port {
            http_port = free_port()?;
        }
        fs::write(d.join("ca.cnf"), CA_CONFIG)?;
        fs::write(d.join("index.txt"), "")?;
        fs::write(d.join("serial"), "1000\n")?;
        fs::write(d.join("crlnumber"), "01\n")?;
        fs::create_dir(d.join("issued"))?;
        let env = |cmd: &mut Command| {
            cmd.env("OCSP_PORT", ocsp_port.to_string())
                .env("HTTP_PORT", http_port.to_string());
        };
        let run = |args: &[&str]| -> Result<()> {
            let openssl_path = require_tool("openssl", "openssl")?;
            let mut cmd = Command::new(openssl_path);
            cmd.args(args).current_dir(d).stdin(Stdio::null());
            env(&mut cmd);
            let out = cmd.output()?;
            if !out.status.success() {
                bail!(
                    "openssl {} failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Ok(())
        };
        let key = |name: &str| -> Result<()> {
            openssl(
                d,
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    name,
                ],
            )
        };
        key("root.key")?;
        run(&[
            "req",
            "-x509",
            "-new",
            "-key",
            "root.key",
            "-subj",
            "/CN=Loopback OCSP Root",
            "-days",
            "3650",
            "-config",
            "ca.cnf",
            "-extensions",
            "root_ext",
            "-out",
            "root.pem",
        ])?;
        run(&[
            "x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der",
        ])?;
        for (name, cn, ext) in [
            ("responder", "Loopback OCSP Responder", "responder_ext"),
            ("good", "good.localhost", "leaf_ext"),
            ("revoked", "revoked.localhost", "leaf_ext"),
        ] {
            key(&format!("{name}.key"))?;
            run(&[
                "req",
                "-new",
                "-key",
                &format!("{name}.key"),
                "-subj",
                &format!("/CN={cn}"),
                "-config",
                "ca.cnf",
                "-out",
                &format!("{name}.csr"),
            ])?;
            run(&[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-extensions",
                ext,
                "-notext",
                "-in",
                &format!("{name}.csr"),
                "-out",
                &format!("{name}.pem"),
            ])?;
        }
        run(&[
            "ca",
            "-config",
            "ca.cnf",
            "-revoke",
            "revoked.pem",
            "-crl_reason",
            "keyCompromise",
        ])?;
        run(&["ca", "-config", "ca.cnf", "-gencrl", "-out", "root.crl.pem"])?;
        run(&[
            "crl",
            "-in",
            "root.crl.pem",
            "-outform",
            "DER",
            "-out",
            "root.crl",
        ])?;
        for leaf in ["revoked", "good"] {
            let (cert, req, resp) = (
                format!("{leaf}.pem"),
                format!("{leaf}.req.der"),
                format!("{leaf}.ocsp.der"),
            );
            run(&[
                "ocsp",
                "-issuer",
                "root.pem",
                "-cert",
                &cert,
                "-no_nonce",
                "-reqout",
                &req,
            ])?;
            run(&[
                "ocsp",
                "-index",
                "index.txt",
                "-rsigner",
                "responder.pem",
                "-rkey",
                "responder.key",
                "-CA",
                "root.pem",
                "-reqin",
                &req,
                "-respout",
                &resp,
                "-nmin",
                "60",
            ])?;
        }
        Ok(Self {
            dir,
            ocsp_port,
            http_port,
        })
    }

    /// `openssl ocsp` answering on the leaves' OCSP port, signing as the delegated responder
    /// (or as the root itself with `delegated == false`).
    pub fn responder(&self, delegated: bool) -> Result<Spawned> {
        let openssl_path = require_tool("openssl", "openssl")?;
        let (signer, key) = if delegated {
            ("responder.pem", "responder.key")
        } else {
            ("root.pem", "root.key")
        };
        let args: Vec<String> = [
            "ocsp",
            "-index",
            "index.txt",
            "-port",
            &self.ocsp_port.to_string(),
            "-rsigner",
            signer,
            "-rkey",
            key,
            "-CA",
            "root.pem",
            "-nmin",
            "60",
            "-ignore_err",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        spawn_on(
            &openssl_path,
            &args,
            self.ocsp_port,
            self.dir.path(),
            "ocsp.log",
            Some("waiting for OCSP client connections"),
        )
    }

    /// `python3 -m http.server` on the leaves' CDP / caIssuers port, serving this directory.
    pub fn http_server(&self) -> Result<Spawned> {
        let python = require_tool("python3", "python3")?;
        let args: Vec<String> = [
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &self.http_port.to_string(),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        spawn_on(
            &python,
            &args,
            self.http_port,
            self.dir.path(),
            "http.log",
            None,
        )
    }

    /// `openssl s_server` serving `leaf` and stapling `status_file`.
    pub fn stapling_server(&self, leaf: &str, status_file: &str) -> Result<Spawned> {
        let openssl_path = require_tool("openssl", "openssl")?;
        let port = free_port()?;
        let args: Vec<String> = [
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            &format!("{leaf}.pem"),
            "-key",
            &format!("{leaf}.key"),
            "-status_file",
            status_file,
            "-naccept",
            "20",
            "-quiet",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        spawn_on(
            &openssl_path,
            &args,
            port,
            self.dir.path(),
            "s_server.log",
            None,
        )
    }
}
