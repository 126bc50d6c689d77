//! What the fuzz targets that drive a capture share: a scripted server that says the fuzzer's
//! bytes, and the one tokio runtime they run on. Included with `#[path]`; not a target.

use std::io;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::runtime::Runtime;

/// A peer that says `incoming`, then hangs up, and ignores what it is told.
pub struct ScriptedPeer<'a> {
    /// What the server has still to say.
    pub incoming: &'a [u8],
}

impl AsyncRead for ScriptedPeer<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let take = buf.remaining().min(self.incoming.len());
        let (now, later) = self.incoming.split_at(take);
        buf.put_slice(now);
        self.incoming = later;
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for ScriptedPeer<'_> {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The runtime every input runs on, made once.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => panic!("a tokio runtime: {error}"),
        }
    })
}
