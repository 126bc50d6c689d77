//! Capturing chains from servers: in-process rustls peers, real daemons and hostile peers.

mod batch;
mod capture;
mod cli;
mod failures;
mod hostile;
mod legacy_tls;
mod mosquitto;
mod openssl;
mod pq;
mod starttls;
