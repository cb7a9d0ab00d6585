//! The web UI: `web/` compiled into the binary and served at `/`. Every path that is
//! not an API path or a static file gets `index.html`, so a view's URL can be shared
//! and reloaded (the page's script reads the path).

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

/// Routes of the UI's files; the fallback serves the page itself.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .fallback(get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body)
}
