//! Errors of the analysis stage: only loading a lexicon can fail; analysing text never does.

/// Why the analyzer could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The lexicon bytes are not an `fst` map written by `xtask lexicon`.
    #[error(
        "the Danish lexicon is not a valid fst map (rebuild it with `cargo run -p xtask -- lexicon`)"
    )]
    Lexicon {
        /// What the fst crate found wrong.
        #[source]
        source: fst::Error,
    },
}
