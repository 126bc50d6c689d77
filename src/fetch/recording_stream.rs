use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// How many of the first bytes received to keep: enough to recognise a banner or status line.
pub(crate) const RECORDED_BYTES: usize = 64;

/// A stream that keeps a copy of the first bytes read from it.
///
/// When rustls rejects what the server sent, those bytes tell "not TLS at all" (an HTTP
/// or SSH server on the port) apart from a broken TLS peer; rustls's own error cannot.
#[derive(Debug)]
pub(crate) struct RecordingStream<S> {
    inner: S,
    prefix: Vec<u8>,
}

impl<S> RecordingStream<S> {
    /// Wraps `inner`, recording nothing yet.
    pub(crate) fn new(inner: S) -> Self {
        Self {
            inner,
            prefix: Vec::with_capacity(RECORDED_BYTES),
        }
    }

    /// The first bytes read, at most [`RECORDED_BYTES`].
    pub(crate) fn prefix(&self) -> &[u8] {
        &self.prefix
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for RecordingStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            let room = RECORDED_BYTES.saturating_sub(this.prefix.len());
            if room > 0 {
                let fresh = buf.filled().get(before..).unwrap_or_default();
                let kept = fresh.get(..room).unwrap_or(fresh);
                this.prefix.extend_from_slice(kept);
            }
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for RecordingStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[tokio::test]
    async fn keeps_only_the_first_bytes() -> io::Result<()> {
        let data: Vec<u8> = (0..=255u8).collect();
        let mut stream = RecordingStream::new(&data[..]);
        let mut sink = Vec::new();
        let mut chunk = [0u8; 10];
        loop {
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                break;
            }
            sink.extend_from_slice(chunk.get(..read).unwrap_or_default());
        }
        assert_eq!(sink, data);
        assert_eq!(
            stream.prefix(),
            data.get(..RECORDED_BYTES).unwrap_or_default()
        );
        Ok(())
    }
}
