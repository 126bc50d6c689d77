//! Real chains from public corpora (AWS IoT, badssl.com, x509-limbo) at their validation times.

mod aws;
mod badssl;
mod limbo;
