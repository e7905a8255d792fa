//! Evaluation: gold-data readers and metrics. Reading files is the only I/O;
//! scoring is pure.

pub mod brat;
pub mod conll;
pub mod conllu;
pub mod copies;
pub mod deps;
pub mod event_gold;
pub mod extract;
pub mod gold;
pub mod harness;
pub mod langid;
pub mod lexicon;
pub mod link;
pub mod metrics;
pub mod ner;
pub mod place_gold;
pub mod plover_gsr;
pub mod polnear;
pub mod pos;
pub mod quote_gold;
pub mod quotes;
pub mod segment;
pub mod story_gold;

use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {msg}")]
    Format { path: PathBuf, msg: String },
    #[error("{0}")]
    NoData(String),
    #[error("{0}")]
    Model(String),
    #[error("peer {script}: {msg}")]
    Peer { script: PathBuf, msg: String },
}

/// Reads a whole file, gunzipping it when it ends in `.gz`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, EvalError> {
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut buf = Vec::new();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut buf)
            .map_err(io)?;
    } else {
        std::io::BufReader::new(file)
            .read_to_end(&mut buf)
            .map_err(io)?;
    }
    Ok(buf)
}

/// Reads a whole file as UTF-8, gunzipping it when it ends in `.gz`.
pub fn read_text(path: &Path) -> Result<String, EvalError> {
    String::from_utf8(read_bytes(path)?).map_err(|e| EvalError::Format {
        path: path.to_path_buf(),
        msg: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })
}

/// Reads a JSON file whose top level is an object.
pub fn read_json_object(
    path: &Path,
) -> Result<serde_json::Map<String, serde_json::Value>, EvalError> {
    let fmt = |msg: String| EvalError::Format {
        path: path.to_path_buf(),
        msg,
    };
    match serde_json::from_str(&read_text(path)?).map_err(|e| fmt(e.to_string()))? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(fmt("expected a JSON object".into())),
    }
}
