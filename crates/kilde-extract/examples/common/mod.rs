//! What the timing examples share: the article bodies of a JSON Lines corpus.

/// The `text` field of every line of the JSON Lines file at `path` (lines that are not
/// JSON objects with a text are skipped); an error if none has one.
pub fn read_bodies(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {path}: {e}"))?;
    let bodies: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| value["text"].as_str().map(String::from))
        .collect();
    if bodies.is_empty() {
        return Err(format!("no article in {path} has a `text` field"));
    }
    Ok(bodies)
}
