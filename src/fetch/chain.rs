use crate::model::ConnectionInfo;

/// A chain captured from a live TLS handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedChain {
    /// DER certificates exactly as the server sent them, in its order, the end entity first.
    ///
    /// Nothing is dropped, reordered or deduplicated: the order and the extras are findings.
    pub certificates: Vec<Vec<u8>>,
    /// Facts about the connection the chain came over.
    pub connection: ConnectionInfo,
}
