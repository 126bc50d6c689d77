//! Sources → certificates: files, standard input, pasted text, the embedded sample and live
//! TLS servers, named the way people type them. The window and the command line share this.

use std::path::{Path, PathBuf};

use crate::decode::decode_certificate;
use crate::fetch::{self, FetchError, FetchOptions, SniMode, Target, TargetError};
use crate::ingest::{self, IngestError, Password};
use crate::model::{Certificate, CrlEvidence, Source, SourceKind};

/// The embedded sample: the chain the AWS IoT Core us-east-1 ATS endpoint served in 2022–2023.
pub const SAMPLE_PEM: &str = include_str!("../assets/sample/aws-iot-us-east-1.pem");

/// How to reach servers named by a source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetSettings {
    /// SNI to send instead of the host.
    pub sni: Option<String>,
    /// Send no SNI.
    pub no_sni: bool,
    /// ALPN protocols to offer.
    pub alpn: Vec<String>,
    /// Overall timeout, seconds (0 means the default of 10 s).
    pub timeout_secs: u64,
    /// curl-style `HOST1:PORT1:HOST2:PORT2` (or `HOST:PORT=ADDR:PORT`) rules.
    pub connect_to: Vec<String>,
    /// AWS IoT preset: port 443 with ALPN `x-amzn-mqtt-ca` unless a port is given.
    pub aws_iot: bool,
    /// The STARTTLS dialogue to run before the handshake, for `host:port` targets (a URL
    /// scheme such as `smtp://` names its own); its port is the default.
    pub starttls: Option<fetch::StartTls>,
}

/// How to read local sources: what an encrypted file needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The password for PKCS#12 files, when the user gave one. Never persisted or logged.
    pub password: Option<Password>,
}

/// What a source names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceSpec {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// The embedded sample chain.
    Sample,
    /// Text or bytes pasted by the user.
    Paste(Vec<u8>),
    /// A TLS server.
    Network(Target, FetchOptions),
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The bytes held no readable certificate.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The TLS fetch failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The source is not a valid host[:port] or URL.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// A name that looks like a file does not exist.
    #[error("cannot read {}: no such file", path.display())]
    NoSuchFile {
        /// The path given.
        path: PathBuf,
    },
    /// The server's certificates could not be decoded at all.
    #[error("{host}:{port} sent no certificate that could be decoded")]
    NothingDecoded {
        /// Host.
        host: String,
        /// Port.
        port: u16,
    },
    /// The network runtime could not start.
    #[error("cannot start the network runtime: {error}")]
    Runtime {
        /// The I/O error.
        error: std::io::Error,
    },
}

/// Certificates read from one source.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The source.
    pub source: Source,
    /// Its certificates, in order.
    pub certificates: Vec<Certificate>,
    /// Things skipped while reading.
    pub notes: Vec<String>,
    /// The CRLs a PKCS#7 bundle carried: offline revocation evidence, used as `--crl`
    /// files are.
    pub crls: Vec<CrlEvidence>,
    /// The host connected to, to check by default.
    pub host: Option<String>,
}

impl NetSettings {
    /// Classifies a source: an existing file, `-`, `sample`, else a server.
    pub fn classify(&self, spec: &str) -> Result<SourceSpec, LoadError> {
        if spec == "-" {
            return Ok(SourceSpec::Stdin);
        }
        let path = Path::new(spec);
        if path.exists() {
            return Ok(SourceSpec::File(path.to_path_buf()));
        }
        if spec == "sample" {
            return Ok(SourceSpec::Sample);
        }
        let file_like = [
            ".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".p12", ".pfx",
        ]
        .iter()
        .any(|ext| spec.to_ascii_lowercase().ends_with(ext))
            || (spec.contains('/') && !spec.contains("://"));
        if file_like {
            return Err(LoadError::NoSuchFile {
                path: path.to_path_buf(),
            });
        }
        let port_given = Target::parse(spec, 0).map(|t| t.port != 0).unwrap_or(true);
        let mut target = Target::parse(spec, 443)?;
        let mut options = FetchOptions {
            sni: match (&self.sni, self.no_sni) {
                (_, true) => SniMode::Disabled,
                (Some(name), false) => SniMode::Custom(name.clone()),
                (None, false) => SniMode::Default,
            },
            alpn: self.alpn.clone(),
            timeout_secs: if self.timeout_secs == 0 {
                fetch::DEFAULT_TIMEOUT_SECS
            } else {
                self.timeout_secs
            },
            connect_to: None,
            starttls: self.starttls.or_else(|| target.starttls()),
            legacy_fallback: true,
        };
        if let Some(protocol) = self.starttls
            && !port_given
            && target.scheme.is_none()
        {
            target.port = protocol.default_port();
        }
        if self.aws_iot {
            if !port_given {
                target.port = 443;
            }
            if target.port == 443 && options.alpn.is_empty() {
                options.alpn.push("x-amzn-mqtt-ca".to_string());
            }
        }
        // Every rule is checked, so a mistyped one is reported; the first that applies wins,
        // as in curl.
        for rule in &self.connect_to {
            let rule = fetch::ConnectRule::parse(rule)?;
            if options.connect_to.is_none() {
                options.connect_to = rule.apply(&target);
            }
        }
        Ok(SourceSpec::Network(target, options))
    }
}

fn from_ingest(loaded: ingest::Loaded, mut source: Source) -> Loaded {
    source.holds_private_key = loaded.holds_private_key;
    let crls = bundle_crls(&source.label, loaded.crls);
    Loaded {
        source,
        certificates: loaded.certificates,
        notes: loaded.notes,
        crls,
        host: None,
    }
}

/// The CRLs of a bundle as evidence, each named after the bundle so a verdict says where
/// the CRL that decided it came from.
pub fn bundle_crls(label: &str, crls: Vec<Vec<u8>>) -> Vec<CrlEvidence> {
    let many = crls.len() > 1;
    crls.into_iter()
        .enumerate()
        .map(|(i, bytes)| CrlEvidence {
            origin: if many {
                format!("{label} (CRL {})", i + 1)
            } else {
                format!("{label} (CRL)")
            },
            bytes,
        })
        .collect()
}

/// Reads a local source (file, stdin, paste, sample). Network sources need [`load`].
fn load_local(spec: &SourceSpec, options: &LoadOptions) -> Option<Result<Loaded, LoadError>> {
    let password = options.password.as_ref();
    let result = match spec {
        SourceSpec::File(path) => ingest::load_file_with(path, password).map(|l| {
            from_ingest(
                l,
                Source::new(
                    SourceKind::File { path: path.clone() },
                    path.display().to_string(),
                ),
            )
        }),
        SourceSpec::Stdin => ingest::load_stdin_with(password)
            .map(|l| from_ingest(l, Source::new(SourceKind::Stdin, "<stdin>"))),
        SourceSpec::Paste(bytes) => ingest::load_bytes_with(bytes, password)
            .map(|l| from_ingest(l, Source::new(SourceKind::Paste, "pasted text"))),
        SourceSpec::Sample => ingest::load_bytes(SAMPLE_PEM.as_bytes()).map(|l| {
            from_ingest(
                l,
                Source::new(SourceKind::Sample, "sample: AWS IoT Core us-east-1 (2022)"),
            )
        }),
        SourceSpec::Network(..) => return None,
    };
    Some(result.map_err(LoadError::from))
}

/// Reads the certificates of a source; servers are fetched on the caller's tokio runtime.
pub async fn load(spec: SourceSpec) -> Result<Loaded, LoadError> {
    load_with(spec, &LoadOptions::default()).await
}

/// [`load`] with options for local sources (the password of a PKCS#12 file).
pub async fn load_with(spec: SourceSpec, options: &LoadOptions) -> Result<Loaded, LoadError> {
    if let Some(local) = load_local(&spec, options) {
        return local;
    }
    let SourceSpec::Network(target, options) = spec else {
        return Err(LoadError::NothingDecoded {
            host: String::new(),
            port: 0,
        });
    };
    let mut notes = Vec::new();
    let fetched = match fetch::fetch_chain(&target, &options).await {
        Ok(fetched) => fetched,
        // Servers that demand a client certificate (AWS IoT over TLS 1.2) still sent their
        // chain first: inspect it, and say how the handshake ended.
        Err(FetchError::RejectedAfterCertificates {
            alert,
            certificates,
            address,
        }) => {
            notes.push(format!(
                "the server sent its certificates, then TLS alert {alert} (it probably requires a client certificate)"
            ));
            fetch::FetchedChain {
                certificates,
                connection: crate::model::ConnectionInfo {
                    address,
                    alpn_offered: options.alpn.clone(),
                    starttls: options.starttls.map(|protocol| protocol.name().to_owned()),
                    ..Default::default()
                },
            }
        }
        Err(e) => return Err(e.into()),
    };
    let mut certificates = Vec::new();
    for (i, der) in fetched.certificates.iter().enumerate() {
        match decode_certificate(der) {
            Ok(cert) => certificates.push(cert),
            Err(e) => notes.push(format!(
                "certificate {} sent by the server does not decode: {e}",
                i + 1
            )),
        }
    }
    if certificates.is_empty() {
        return Err(LoadError::NothingDecoded {
            host: target.host.clone(),
            port: target.port,
        });
    }
    let mut source = Source::new(
        SourceKind::Tls {
            host: target.host.clone(),
            port: target.port,
        },
        // A STARTTLS source says which dialogue reached it, as the user would type it.
        match options.starttls {
            Some(protocol) => format!("{protocol}://{}:{}", target.host, target.port),
            None => format!("{}:{}", target.host, target.port),
        },
    );
    source.connection = Some(fetched.connection);
    Ok(Loaded {
        source,
        certificates,
        notes,
        crls: Vec::new(),
        host: Some(target.host),
    })
}

/// [`load`] for callers without a runtime: local sources directly, servers on a small
/// current-thread runtime created for the purpose.
pub fn load_blocking(spec: SourceSpec) -> Result<Loaded, LoadError> {
    load_blocking_with(spec, &LoadOptions::default())
}

/// [`load_blocking`] with options for local sources (the password of a PKCS#12 file).
pub fn load_blocking_with(spec: SourceSpec, options: &LoadOptions) -> Result<Loaded, LoadError> {
    if let Some(local) = load_local(&spec, options) {
        return local;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| LoadError::Runtime { error })?;
    runtime.block_on(load(spec))
}

/// Puts the certificates of several sources together as one set (leaf.pem + chain.pem),
/// the sources of the chain in chain order (see [`chain_order`]): the order in which files
/// were chosen or listed (a dialog's selection is alphabetical) says nothing about the chain.
pub fn combine(mut sources: Vec<Loaded>) -> Option<Loaded> {
    let order = chain_order(&sources);
    let mut slots: Vec<Option<Loaded>> = sources.drain(..).map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .reduce(|mut acc, next| {
            acc.source.label = format!("{} + {}", acc.source.label, next.source.label);
            acc.certificates.extend(next.certificates);
            acc.notes.extend(next.notes);
            acc.crls.extend(next.crls);
            acc.host = acc.host.or(next.host);
            acc.source.holds_private_key |= next.source.holds_private_key;
            acc
        })
}

/// The order to put several sources in so that their certificates run leaf first, each
/// followed by its issuer, as far as subject and issuer names link them. The chain's sources
/// are found by walking from the source whose first certificate issues no certificate of
/// another source (an end-entity one preferred) to the source whose first certificate issued
/// the last one so far, and so on; they take the places the chain's sources had, in chain
/// order. A source that is not part of that chain keeps its place: an extra certificate
/// named between the leaf and its issuer stays between them, as a device that takes the
/// chain in the order received would see it. The certificates inside one source keep their
/// order: that order is the file's own, and a file out of order is still reported.
pub fn chain_order(sources: &[Loaded]) -> Vec<usize> {
    let issues = |issuer: &Certificate, child: &Certificate| {
        !child.is_self_issued() && issuer.subject.matches(&child.issuer)
    };
    let issues_another = |i: usize, first: &Certificate| {
        sources
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && other.certificates.iter().any(|child| issues(first, child)))
    };
    let start = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.certificates.first().map(|first| (i, first)))
        .filter(|&(i, first)| !issues_another(i, first))
        .min_by_key(|&(i, first)| (first.is_ca(), i))
        .map(|(i, _)| i);
    let mut chain: Vec<usize> = Vec::with_capacity(sources.len());
    let mut next = start;
    while let Some(i) = next {
        chain.push(i);
        let top = sources.get(i).and_then(|s| s.certificates.last());
        next = top.and_then(|top| {
            (0..sources.len()).find(|j| {
                !chain.contains(j)
                    && sources
                        .get(*j)
                        .and_then(|s| s.certificates.first())
                        .is_some_and(|c| issues(c, top))
            })
        });
    }
    // The places the chain's sources were named in, filled in chain order.
    let mut places: Vec<usize> = chain.clone();
    places.sort_unstable();
    let mut order: Vec<usize> = (0..sources.len()).collect();
    for (place, source) in places.into_iter().zip(chain) {
        if let Some(slot) = order.get_mut(place) {
            *slot = source;
        }
    }
    order
}

impl LoadError {
    /// Whether the source is a PKCS#12 file that needs a password (none was given).
    pub fn needs_password(&self) -> bool {
        matches!(
            self,
            LoadError::Ingest(e) if matches!(e.innermost(), IngestError::PasswordRequired)
        )
    }

    /// Whether the password given for a PKCS#12 file is wrong.
    pub fn wrong_password(&self) -> bool {
        matches!(
            self,
            LoadError::Ingest(e) if matches!(e.innermost(), IngestError::WrongPassword)
        )
    }
}

impl LoadError {
    /// The file a password problem is about, when the error names one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            LoadError::Ingest(IngestError::InFile { path, .. } | IngestError::Io { path, .. }) => {
                Some(path)
            }
            LoadError::NoSuchFile { path } => Some(path),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_crls_are_named_after_their_bundle() {
        let one = bundle_crls("chain.p7b", vec![vec![0x30, 0x00]]);
        assert_eq!(one.len(), 1);
        assert_eq!(
            one.first().map(|c| c.origin.as_str()),
            Some("chain.p7b (CRL)")
        );
        let two = bundle_crls("chain.p7b", vec![vec![0x30, 0x00], vec![0x30, 0x01]]);
        let origins: Vec<&str> = two.iter().map(|c| c.origin.as_str()).collect();
        assert_eq!(origins, ["chain.p7b (CRL 1)", "chain.p7b (CRL 2)"]);
        assert!(bundle_crls("chain.p7b", Vec::new()).is_empty());
    }
}
