//! CRLs, OCSP and AIA issuers: corpora, generated edge cases and real openssl peers.

mod aia;
mod corpus;
mod crl_edges;
mod delta;
mod failures;
mod openssl;
