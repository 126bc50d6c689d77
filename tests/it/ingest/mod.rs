//! Reading certificate files: malformed inputs and PKCS#12.

mod malformed;
mod order;
mod pkcs12;
