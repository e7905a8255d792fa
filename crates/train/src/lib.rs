//! Training recipes for the models veille ships, callable from the CLI
//! (`veille train …`), from tests, or from any program: each takes a
//! recipe (paths to gold data and hyper-parameters) and returns the model.
//! Gold data is read only by path (`../shared/data/...`), never copied.
//!
//! Progress is reported through `tracing` events (target `veille_train`).

pub mod clusters;
pub mod ner;
pub mod syntax;

use std::io::Write;
use std::path::{Path, PathBuf};
use veille_eval::EvalError;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] EvalError),
    #[error("loading {what} {path}: {reason}")]
    Model {
        what: &'static str,
        path: PathBuf,
        reason: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no training data: {0}")]
    NoData(String),
    #[error("{0}")]
    Invalid(String),
}

/// A model file's bytes (gunzipped when it ends in `.gz`).
pub fn model_bytes(p: &Path) -> Result<Vec<u8>, TrainError> {
    Ok(veille_eval::read_bytes(p)?)
}

/// Writes a model, gzipped when the path ends in `.gz`.
pub fn write_model(out: &Path, bytes: &[u8]) -> Result<(), TrainError> {
    let err = |source| TrainError::Write {
        path: out.to_path_buf(),
        source,
    };
    let data = if out.extension().is_some_and(|e| e == "gz") {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes).map_err(err)?;
        z.finish().map_err(err)?
    } else {
        bytes.to_vec()
    };
    std::fs::write(out, data).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_round_trip_through_files_gzipped_or_not() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["m.bin", "m.bin.gz"] {
            let p = dir.path().join(name);
            write_model(&p, b"VEILLE model bytes").unwrap();
            assert_eq!(model_bytes(&p).unwrap(), b"VEILLE model bytes");
        }
        let raw = std::fs::read(dir.path().join("m.bin.gz")).unwrap();
        assert_eq!(&raw[..2], &[0x1f, 0x8b], "gzipped on disk");
        let e = write_model(&dir.path().join("no/such/dir/m.bin"), b"x").unwrap_err();
        assert!(e.to_string().contains("cannot write"), "{e}");
    }
}
