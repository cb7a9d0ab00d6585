//! `kilde serve`: the JSON API and the web UI over one index.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use kilde_ingest::ReadSettings;
use kilde_query::Archive;
use kilde_serve::{IngestFn, ServeOptions};

use crate::exit::ExitStatus;
use crate::output::Ui;
use crate::pipeline::{DEFAULT_MEMORY_MB, IngestPlan, ingest};

/// Serve the archive: web UI at /, JSON API at /api (described at /api/openapi.json).
///
/// Binds to loopback unless --addr names another address; read-only unless
/// --allow-ingest is given.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde serve                       then open http://127.0.0.1:7700
  kilde serve --addr 0.0.0.0:8080   reachable from other machines (no authentication!)
  kilde serve --allow-ingest        also accept POST /api/ingest with JSON Lines")]
pub struct Args {
    /// Address and port to listen on
    #[arg(long, default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
    /// Accept POST /api/ingest (JSON Lines body) to add articles
    #[arg(long)]
    allow_ingest: bool,
}

/// Opens the index and serves until Ctrl-C.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    serve_index(index, args.addr, args.allow_ingest, ui)
}

/// Serves the index in `index` on `addr` (shared with `kilde demo`).
pub fn serve_index(
    index: &Path,
    addr: SocketAddr,
    allow_ingest: bool,
    ui: &Ui,
) -> Result<ExitStatus> {
    let archive = Arc::new(Archive::open_live(index)?);
    let options = ServeOptions { ingest: allow_ingest.then(|| ingest_fn(index.to_path_buf())) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    if !addr.ip().is_loopback() {
        ui.note("kilde: warning: listening beyond this machine; the API has no authentication");
    }
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(error) => bail!(
                "cannot listen on {addr}: {error} (is another kilde serving there? try --addr)"
            ),
        };
        let url = format!("http://{}", listener.local_addr().unwrap_or(addr));
        ui.info(&format!("kilde: serving {} at {url} (Ctrl-C stops)", index.display()));
        println!("{url}");
        kilde_serve::serve_listener(listener, archive, options).await.context("serving")
    })?;
    Ok(ExitStatus::Success)
}

/// Ingest for `POST /api/ingest`: the body is JSON Lines, run through the same
/// pipeline as `kilde ingest` (extraction included).
fn ingest_fn(index: PathBuf) -> IngestFn {
    Arc::new(move |body: Vec<u8>| {
        let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = scratch.path().join("upload.jsonl");
        std::fs::write(&path, body).map_err(|e| e.to_string())?;
        let paths = [path];
        let settings =
            ReadSettings { format: kilde_ingest::Format::Jsonl, ..ReadSettings::default() };
        let plan = IngestPlan {
            paths: &paths,
            index_dir: &index,
            settings: &settings,
            report: None,
            jobs: 2,
            memory_mb: DEFAULT_MEMORY_MB.min(128),
            extract: true,
        };
        let quiet = Ui::new(true, true, crate::output::ColorChoice::Never);
        ingest(&plan, &quiet).map_err(|e| format!("{e:#}"))
    })
}
