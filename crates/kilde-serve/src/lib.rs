//! The serve stage: kilde's JSON API and web UI over one index, in one process.
//!
//! # Brief overview
//!
//! [`app`] builds the axum [`Router`]: `/api/…` answers in the same JSON as the CLI's
//! `--json` (the shapes are in [`wire`]), `/api/openapi.json` describes every
//! endpoint, and every other path serves the web UI from `web/` (plain HTML, CSS and
//! JavaScript compiled into the binary: no build step, nothing to install). [`serve`]
//! binds it to an address and runs until Ctrl-C.
//!
//! **Invariants:** only this crate knows HTTP. Every failure is an [`ApiError`] with
//! one JSON shape and the right status; no request can panic the server. All requests
//! share one [`Archive`] (one tantivy reader); searches run on tokio's blocking pool.
//! Nothing is written unless [`ServeOptions::ingest`] is set (`--allow-ingest`).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use std::sync::Arc;
//! let archive = kilde_query::Archive::open_live(std::path::Path::new("kilde-index")).unwrap();
//! let options = kilde_serve::ServeOptions::default();
//! kilde_serve::serve(Arc::new(archive), "127.0.0.1:7700".parse().unwrap(), options).await
//! # }
//! ```
#![warn(missing_docs)]

mod error;
mod params;
mod routes;
pub mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use kilde_query::Archive;

pub use error::ApiError;
pub use params::{MAX_PAGE, MAX_PARAM_CHARS};
pub use routes::{API_ROUTES, OPENAPI_JSON};

/// Adds JSON Lines to the index and returns the ingest summary; given by the binary,
/// which owns the ingest pipeline, when the server may write.
pub type IngestFn =
    Arc<dyn Fn(Vec<u8>) -> Result<wire::IngestSummary, String> + Send + Sync + 'static>;

/// How the server behaves beyond reading.
#[derive(Clone, Default)]
pub struct ServeOptions {
    /// `POST /api/ingest` is refused (403) unless this is set.
    pub ingest: Option<IngestFn>,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub(crate) archive: Arc<Archive>,
    pub(crate) options: ServeOptions,
}

/// Largest request body (`POST /api/ingest`).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Longest a request may take before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The whole application: API routes, OpenAPI and the web UI.
pub fn app(archive: Arc<Archive>, options: ServeOptions) -> Router {
    let state = AppState { archive, options };
    routes::router()
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves [`app`] on `addr` until Ctrl-C.
pub async fn serve(
    archive: Arc<Archive>,
    addr: SocketAddr,
    options: ServeOptions,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_listener(listener, archive, options).await
}

/// Serves [`app`] on a bound listener until Ctrl-C.
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    archive: Arc<Archive>,
    options: ServeOptions,
) -> std::io::Result<()> {
    axum::serve(listener, app(archive, options))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
