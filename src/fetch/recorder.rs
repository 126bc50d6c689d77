use std::sync::{Arc, Mutex, PoisonError};

use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};

/// What the server presented, as it presented it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Presented {
    /// DER certificates in the order sent, the end entity first.
    pub(crate) certificates: Vec<Vec<u8>>,
    /// The stapled OCSP response, empty if none.
    pub(crate) ocsp_response: Vec<u8>,
}

/// A verifier that accepts any certificate chain and records it.
///
/// chainlens verifies chains itself, with explanations, after capture; rejecting a chain
/// here would hide exactly the broken chains people need to inspect. The handshake
/// signatures are still checked, so the captured chain belongs to a server that holds the
/// leaf's private key.
#[derive(Debug)]
pub(crate) struct RecordingVerifier {
    algorithms: WebPkiSupportedAlgorithms,
    presented: Arc<Mutex<Option<Presented>>>,
}

impl RecordingVerifier {
    /// A verifier checking handshake signatures with `algorithms`, recording into `presented`.
    pub(crate) fn new(
        algorithms: WebPkiSupportedAlgorithms,
        presented: Arc<Mutex<Option<Presented>>>,
    ) -> Self {
        Self {
            algorithms,
            presented,
        }
    }
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let certificates = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|der| der.as_ref().to_vec())
            .collect();
        let presented = Presented {
            certificates,
            ocsp_response: ocsp_response.to_vec(),
        };
        // A poisoned lock only means another thread panicked mid-write of plain data;
        // overwriting it is still correct.
        *self
            .presented
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(presented);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
