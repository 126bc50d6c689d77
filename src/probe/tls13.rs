//! TLS 1.3 chains: the Certificate message is encrypted, so a real handshake (rustls) is
//! run, offering exactly one signature scheme, and its verifier records what the server
//! sent and signed with.

use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::Resumption;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::AsyncWriteExt;
use tokio::time::timeout_at;
use tokio_rustls::TlsConnector;

use crate::probe::conn::Prober;
use crate::probe::error::ProbeError;

/// What one TLS 1.3 handshake showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tls13Capture {
    /// DER certificates as sent.
    pub(crate) certificates: Vec<Vec<u8>>,
    /// Whether an OCSP response was stapled.
    pub(crate) ocsp_stapled: bool,
    /// The scheme of the CertificateVerify.
    pub(crate) signature_scheme: Option<u16>,
    /// The suite negotiated.
    pub(crate) cipher_suite: u16,
    /// The ALPN protocol chosen.
    pub(crate) alpn: Option<String>,
}

/// Accepts whatever the server presents and records it. The probe asks what a server
/// serves, not whether to trust it: the chain is judged afterwards by the pipeline.
#[derive(Debug)]
struct Recorder {
    schemes: Vec<SignatureScheme>,
    seen: Arc<Mutex<Tls13Capture>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.certificates = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|der| der.as_ref().to_vec())
            .collect();
        seen.ocsp_stapled = !ocsp_response.is_empty();
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.record(dss)
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.record(dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

impl Recorder {
    fn record(
        &self,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .signature_scheme = Some(u16::from(dss.scheme));
        Ok(HandshakeSignatureValid::assertion())
    }
}

impl Prober {
    /// A TLS 1.3 handshake offering only `schemes`, in that order.
    pub(crate) async fn tls13_capture(&self, schemes: &[u16]) -> Result<Tls13Capture, ProbeError> {
        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        let seen = Arc::new(Mutex::new(Tls13Capture::default()));
        let recorder = Recorder {
            schemes: schemes.iter().map(|s| SignatureScheme::from(*s)).collect(),
            seen: Arc::clone(&seen),
        };
        // The provider's groups first (its key share goes out as usual), then the RFC 7919
        // groups, which a server taking only those asks for by HelloRetryRequest.
        let mut provider = (*provider).clone();
        provider.kx_groups.extend(
            crate::probe::ffdhe::GROUPS
                .iter()
                .map(|group| group as &'static dyn rustls::crypto::SupportedKxGroup),
        );
        let mut config = ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|error| ProbeError::Invalid {
                detail: error.to_string(),
            })?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(recorder))
            .with_no_client_auth();
        config.alpn_protocols = self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
        config.resumption = Resumption::disabled();
        // rustls sends no SNI for an IP address name; the recorder ignores the name.
        let server_name = match self
            .sni
            .as_deref()
            .map(|name| ServerName::try_from(name.to_owned()))
        {
            Some(Ok(name)) => name,
            Some(Err(_)) => {
                return Err(ProbeError::Invalid {
                    detail: format!(
                        "not a usable server name: {}",
                        self.sni.clone().unwrap_or_default()
                    ),
                });
            }
            None => ServerName::IpAddress(self.address.ip().into()),
        };
        let opened = self.open().await?;
        let deadline = opened.deadline;
        let handshake = TlsConnector::from(Arc::new(config)).connect(server_name, opened.stream);
        let mut tls = match timeout_at(deadline, handshake).await {
            Err(_) => return Err(self.timed_out()),
            Ok(Err(error)) => return Err(self.classify(&error)),
            Ok(Ok(tls)) => tls,
        };
        let (_, connection) = tls.get_ref();
        let mut capture = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
        capture.cipher_suite = connection
            .negotiated_cipher_suite()
            .map(|suite| u16::from(suite.suite()))
            .unwrap_or_default();
        capture.alpn = connection
            .alpn_protocol()
            .map(|protocol| String::from_utf8_lossy(protocol).into_owned());
        let _ = timeout_at(deadline, tls.shutdown()).await;
        Ok(capture)
    }

    fn classify(&self, error: &std::io::Error) -> ProbeError {
        let address = self.address_text.clone();
        let tls_error = error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>());
        match tls_error {
            Some(rustls::Error::AlertReceived(alert)) => ProbeError::Alert {
                code: u8::from(*alert),
                address,
            },
            Some(other) => ProbeError::Handshake {
                detail: other.to_string(),
                address,
            },
            None => match error.kind() {
                std::io::ErrorKind::UnexpectedEof => ProbeError::Closed { address },
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe => ProbeError::Reset { address },
                _ => ProbeError::Handshake {
                    detail: error.to_string(),
                    address,
                },
            },
        }
    }
}
