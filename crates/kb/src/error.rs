//! What can go wrong loading knowledge-base data.

/// A knowledge-base file that cannot be used as it is.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A line that does not follow its file's schema (`data/README.md`).
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: usize,
        reason: String,
    },
    /// Lines of the entity files that could not be read ("people.tsv:12").
    #[error("malformed knowledge-base lines: {}", .0.join(", "))]
    Skipped(Vec<String>),
    /// A seat of government in `roles.tsv` that no country of
    /// `countries.tsv` has among its metonyms.
    #[error("roles.tsv: seat {0:?} is no country's metonym in countries.tsv")]
    UnknownSeat(String),
    /// A pattern built from the data that the regex engine refuses.
    #[error("role pattern: {0}")]
    Pattern(#[from] regex::Error),
}
