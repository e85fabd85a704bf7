//! The rustls setup and the listener that hands axum only finished handshakes.
//!
//! Handshakes run in their own tasks, each bounded in time, so a client that connects and says
//! nothing holds up no one; only finished handshakes reach the HTTP side.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;
use tracing::{debug, warn};

/// How long a client has to finish its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(15);
/// Finished handshakes waiting for the HTTP side.
const QUEUE: usize = 64;
/// Handshakes in progress at most: silent clients cannot exhaust the file descriptors.
const HANDSHAKES: usize = 256;

/// Why the TLS setup could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A PEM file could not be read or holds nothing usable.
    #[error("{path}: {cause}")]
    Pem {
        /// The file.
        path: String,
        /// What went wrong.
        cause: String,
    },
    /// rustls refused the certificate and key together.
    #[error("the certificate and the key do not make a TLS setup: {0}")]
    Config(String),
}

/// Reads a certificate chain and its private key (PEM files) into a server setup that offers
/// TLS 1.3 and 1.2 with rustls' default (safe) algorithms.
pub fn tls_config(certificate: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let pem_error = |path: &Path| {
        let path = path.display().to_string();
        move |cause: rustls_pki_types::pem::Error| TlsError::Pem {
            path: path.clone(),
            cause: cause.to_string(),
        }
    };
    let chain = CertificateDer::pem_file_iter(certificate)
        .map_err(pem_error(certificate))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_error(certificate))?;
    if chain.is_empty() {
        return Err(TlsError::Pem {
            path: certificate.display().to_string(),
            cause: "no certificate in this file".into(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(pem_error(key))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener that hands over only connections whose TLS handshake succeeded.
pub struct TlsListener {
    incoming: mpsc::Receiver<(TlsStream<TcpStream>, std::net::SocketAddr)>,
    local: std::net::SocketAddr,
}

impl TlsListener {
    /// Accepts on `listener` and runs handshakes in the background.
    pub fn new(
        listener: TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let (sender, incoming) = mpsc::channel(QUEUE);
        let acceptor = TlsAcceptor::from(config);
        let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(HANDSHAKES));
        tokio::spawn(async move {
            loop {
                let Ok(slot) = slots.clone().acquire_owned().await else {
                    return;
                };
                let accepted = tokio::select! {
                    () = sender.closed() => return,
                    accepted = listener.accept() => accepted,
                };
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    let _slot = slot;
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = sender.send((tls, peer)).await;
                        }
                        Ok(Err(e)) => debug!(%peer, "TLS handshake failed: {e}"),
                        Err(_) => debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { incoming, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.incoming.recv().await {
            Some(connection) => connection,
            // The accepting task ended, which it does only when this listener is dropped: wait
            // for the graceful shutdown that drops it.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
