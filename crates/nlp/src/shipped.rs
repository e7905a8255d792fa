//! The shipped models, for unit tests that run a stage on real analyses.

use crate::deps::Parser;
use crate::ner::Model;
use crate::pos::Tagger;
use std::sync::LazyLock;

fn gunzip(b: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .expect("shipped model unzips");
    out
}

macro_rules! shipped {
    ($name:ident, $ty:ty, $file:literal) => {
        pub static $name: LazyLock<$ty> = LazyLock::new(|| {
            <$ty>::from_bytes(&gunzip(include_bytes!(concat!("../../../models/", $file))))
                .expect(concat!($file, " loads"))
        });
    };
}

shipped!(POS_FR, Tagger, "pos-fr.bin.gz");
shipped!(POS_EN, Tagger, "pos-en.bin.gz");
shipped!(DEPS_FR, Parser, "deps-fr.bin.gz");
shipped!(DEPS_EN, Parser, "deps-en.bin.gz");
shipped!(NER_FR, Model, "ner-fr.bin.gz");
shipped!(NER_EN, Model, "ner-en.bin.gz");
