//! The models a [`Pipeline`](crate::Pipeline) runs with: the shipped ones,
//! compiled into the binary from `models/` (gzipped), or any others given
//! as bytes (`veille eval --model`, freshly trained ones). Retrain the
//! shipped ones with `veille train` (see README).

use std::io::Read;
use veille_core::Lang;
use veille_nlp::binio::ModelError;
use veille_nlp::deps::Parser;
use veille_nlp::ner::Model;
use veille_nlp::pos::Tagger;
use veille_nlp::sent::Splitter;

/// A model that could not be loaded, and why.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("model {name}: cannot decompress: {source}")]
    Gzip {
        name: String,
        source: std::io::Error,
    },
    #[error("model {name}: {source}")]
    Model { name: String, source: ModelError },
    #[error("model {name} is for language {found:?}, not {expected}")]
    WrongLanguage {
        name: String,
        found: String,
        expected: Lang,
    },
}

/// The models of one language; a stage whose model is missing is skipped.
#[derive(Default)]
pub struct LangModels {
    pub ner: Option<Model>,
    pub pos: Option<Tagger>,
    pub deps: Option<Parser>,
    pub sent: Option<Splitter>,
}

impl std::fmt::Debug for LangModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangModels")
            .field("ner", &self.ner.is_some())
            .field("pos", &self.pos.is_some())
            .field("deps", &self.deps.is_some())
            .field("sent", &self.sent.is_some())
            .finish()
    }
}

/// The models of every language veille analyses.
#[derive(Debug, Default)]
pub struct Models {
    pub fr: LangModels,
    pub en: LangModels,
}

/// Bytes of a model file, gunzipped when they start with the gzip magic.
pub fn gunzip(name: &str, b: &[u8]) -> Result<Vec<u8>, LoadError> {
    if !b.starts_with(&[0x1f, 0x8b]) {
        return Ok(b.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .map_err(|source| LoadError::Gzip {
            name: name.to_string(),
            source,
        })?;
    Ok(out)
}

/// Decodes a model (gzipped or not) with its type's reader.
pub fn decode<T>(
    name: &str,
    bytes: &[u8],
    from_bytes: fn(&[u8]) -> Result<T, ModelError>,
) -> Result<T, LoadError> {
    from_bytes(&gunzip(name, bytes)?).map_err(|source| LoadError::Model {
        name: name.to_string(),
        source,
    })
}

macro_rules! shipped {
    ($file:literal, $ty:ty) => {
        decode(
            $file,
            include_bytes!(concat!("../../../models/", $file)),
            <$ty>::from_bytes,
        )
    };
}

impl Models {
    /// The models shipped with veille, all decoded now: a model that fails
    /// to load is an error naming it, not a silently skipped stage.
    pub fn builtin() -> Result<Models, LoadError> {
        // The two languages decode on two threads (gunzip and parsing
        // dominate start-up).
        let (fr, en) = std::thread::scope(|s| {
            let fr = s.spawn(|| -> Result<LangModels, LoadError> {
                Ok(LangModels {
                    ner: Some(shipped!("ner-fr.bin.gz", Model)?),
                    pos: Some(shipped!("pos-fr.bin.gz", Tagger)?),
                    deps: Some(shipped!("deps-fr.bin.gz", Parser)?),
                    sent: Some(shipped!("sent-fr.bin.gz", Splitter)?),
                })
            });
            let en = (|| -> Result<LangModels, LoadError> {
                Ok(LangModels {
                    ner: Some(shipped!("ner-en.bin.gz", Model)?),
                    pos: Some(shipped!("pos-en.bin.gz", Tagger)?),
                    deps: Some(shipped!("deps-en.bin.gz", Parser)?),
                    sent: Some(shipped!("sent-en.bin.gz", Splitter)?),
                })
            })();
            (fr.join(), en)
        });
        let fr = fr.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        Ok(Models { fr, en: en? })
    }

    /// The models of a language, if veille has any for it.
    pub fn get(&self, lang: Lang) -> Option<&LangModels> {
        match lang {
            Lang::Fr => Some(&self.fr),
            Lang::En => Some(&self.en),
            _ => None,
        }
    }

    /// The models of a language, to replace one (None for other languages).
    pub fn get_mut(&mut self, lang: Lang) -> Option<&mut LangModels> {
        match lang {
            Lang::Fr => Some(&mut self.fr),
            Lang::En => Some(&mut self.en),
            _ => None,
        }
    }

    pub fn ner(&self, lang: Lang) -> Option<&Model> {
        self.get(lang)?.ner.as_ref()
    }
    pub fn pos(&self, lang: Lang) -> Option<&Tagger> {
        self.get(lang)?.pos.as_ref()
    }
    pub fn deps(&self, lang: Lang) -> Option<&Parser> {
        self.get(lang)?.deps.as_ref()
    }
    pub fn sent(&self, lang: Lang) -> Option<&Splitter> {
        self.get(lang)?.sent.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_models_load() {
        let m = Models::builtin().expect("shipped models load");
        for lang in [Lang::Fr, Lang::En] {
            let ner = m.ner(lang).expect("NER model");
            assert_eq!(ner.lang, lang.as_str());
            assert!(ner.labels.iter().any(|l| l == "B-PER"));
            let p = m.pos(lang).expect("POS model");
            assert_eq!(p.lang, lang.as_str());
            assert!(p.tags.iter().any(|t| t == "VERB"));
            let d = m.deps(lang).expect("parser");
            assert!(d.labels.iter().any(|l| l == "nsubj"));
            assert_eq!(m.sent(lang).expect("splitter").lang, lang.as_str());
        }
        assert!(m.ner(Lang::from_code("de")).is_none());
    }

    #[test]
    fn a_broken_model_is_an_error_with_its_name() {
        let Err(e) = decode("x.bin", b"not a model", Model::from_bytes) else {
            panic!("garbage decoded as a model");
        };
        assert!(e.to_string().starts_with("model x.bin: "), "{e}");
        let Err(e) = decode("y.bin.gz", &[0x1f, 0x8b, 1, 2, 3], Tagger::from_bytes) else {
            panic!("a broken gzip stream decoded");
        };
        assert!(matches!(e, LoadError::Gzip { .. }), "{e}");
    }
}
