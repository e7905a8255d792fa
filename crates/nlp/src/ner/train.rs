//! Training: averaged perceptron, greedy decoding with predicted history.

use super::features::{history_features, static_features, Tok};
use super::model::{transitions, Lex, Model};
use super::Tagged;
use crate::clusters::Clusters;
use crate::perceptron::Learner;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Features whose averaged weights all stay below this are dropped.
    pub prune: f32,
    /// Probability of hiding a token's word-identity features during
    /// training, so that the model also learns from context and shape.
    pub word_dropout: f64,
    /// Words seen at least this often and never inside an entity are
    /// tagged O without scoring (0: every word is scored).
    pub outside_min: u32,
    /// Passive-aggressive (PA-I) updates with this aggressiveness: each
    /// token whose gold label does not beat the best other label by a margin
    /// of 1 moves just enough weight to reach it, at most this much per
    /// feature (0: plain perceptron updates on errors).
    pub pa: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 7,
            prune: 0.0,
            word_dropout: 0.0,
            outside_min: 0,
            pa: 0.0,
        }
    }
}

#[derive(Clone)]
pub struct Trainer {
    lang: String,
    labels: Vec<String>,
    label_of: FxHashMap<String, usize>,
    learner: Learner,
    lexicon: FxHashMap<u32, u16>,
    classes: Vec<String>,
    gazetteer: FxHashMap<String, String>,
    clusters: Clusters,
}

impl Trainer {
    /// `lexicon`: (word, class signature) pairs from a resource independent
    /// of the training data (a list built from the data itself would make
    /// every unseen word look like a name); `gazetteer`: normalised phrase → class.
    pub fn new<'a>(
        lang: &str,
        data: &[Tagged],
        lexicon: impl IntoIterator<Item = (&'a str, &'a str)>,
        gazetteer: FxHashMap<String, String>,
    ) -> Trainer {
        let mut labels: Vec<String> = vec!["O".to_string()];
        for s in data {
            for t in &s.tags {
                if !labels.contains(t) {
                    labels.push(t.clone());
                }
            }
        }
        labels[1..].sort_by(|a, b| a[2..].cmp(&b[2..]).then(a.cmp(b)));
        let label_of = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i))
            .collect();
        let mut classes: Vec<String> = Vec::new();
        let mut lex = FxHashMap::default();
        for (w, c) in lexicon {
            let id = match classes.iter().position(|x| x == c) {
                Some(i) => i,
                None => {
                    classes.push(c.to_string());
                    classes.len() - 1
                }
            };
            lex.insert(
                super::features::word_key(&super::features::normalize(w)),
                id as u16,
            );
        }
        Trainer {
            learner: Learner::new(labels.len()),
            lang: lang.to_string(),
            labels,
            label_of,
            lexicon: lex,
            classes,
            gazetteer,
            clusters: Clusters::default(),
        }
    }

    /// Word clusters for the cluster features (none by default).
    pub fn with_clusters(mut self, clusters: Clusters) -> Trainer {
        self.clusters = clusters;
        self
    }

    /// Runs the epochs; `progress` is called after each with (epoch, token accuracy).
    pub fn train(
        mut self,
        data: &[Tagged],
        opts: &TrainOptions,
        mut progress: impl FnMut(usize, f64),
    ) -> Model {
        let l = self.labels.len();
        let allowed = transitions(&self.labels);
        let lex_words = std::mem::take(&mut self.lexicon);
        let lex_classes = std::mem::take(&mut self.classes);
        let lex_gaz = std::mem::take(&mut self.gazetteer);
        // Static features do not change between epochs.
        // Per sentence: tokens, static features of each token, gold labels.
        type Prepared = (Vec<Tok>, Vec<Vec<u32>>, Vec<usize>);
        let prepared: Vec<Prepared> = {
            let lex = Lex {
                lexicon: &lex_words,
                classes: &lex_classes,
                gazetteer: &lex_gaz,
                clusters: &self.clusters,
                outside: None,
            };
            data.iter()
                .filter(|s| !s.words.is_empty() && s.words.len() == s.tags.len())
                .map(|s| {
                    let toks: Vec<Tok> = s.words.iter().map(|w| Tok::new(w)).collect();
                    let mut stat = static_features(&toks, &lex);
                    for (f, e) in stat.iter_mut().zip(&s.extra) {
                        f.extend_from_slice(e);
                    }
                    let gold = s.tags.iter().map(|t| self.label_of[t]).collect();
                    (toks, stat, gold)
                })
                .collect()
        };
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut rng = opts.seed | 1;
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; l];
        for epoch in 0..opts.epochs {
            // Fisher–Yates with xorshift.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                let (toks, stat, gold) = &prepared[si];
                let mut pred: Vec<usize> = Vec::with_capacity(toks.len());
                for i in 0..toks.len() {
                    let prev = if i > 0 {
                        self.labels[pred[i - 1]].clone()
                    } else {
                        "<s>".into()
                    };
                    let prev2 = if i > 1 {
                        self.labels[pred[i - 2]].clone()
                    } else {
                        "<s>".into()
                    };
                    feats.clear();
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    if opts.word_dropout > 0.0
                        && (rng % 10_000) as f64 / 10_000.0 < opts.word_dropout
                    {
                        // Features 1 and 2 are the word and its lower-cased form.
                        feats.push(stat[i][0]);
                        feats.extend_from_slice(&stat[i][3..]);
                    } else {
                        feats.extend_from_slice(&stat[i]);
                    }
                    history_features(toks, i, &prev, &prev2, &mut feats);
                    self.learner.scores(&feats, &mut scores);
                    let p = if i > 0 { pred[i - 1] } else { l };
                    let best = self.learner.learn(
                        &feats,
                        &scores,
                        gold[i],
                        Some(allowed[p].as_slice()),
                        opts.pa,
                    );
                    right += usize::from(best == gold[i]);
                    total += 1;
                    self.learner.tick();
                    pred.push(best);
                }
            }
            progress(epoch + 1, right as f64 / total.max(1) as f64);
        }
        // Average, then prune rows whose weights all stay small.
        let weights = self.learner.finish(opts.prune);
        let mut model = Model::new(
            self.lang,
            self.labels,
            weights,
            lex_words,
            lex_classes,
            lex_gaz,
        );
        model.outside = outside_words(data, opts.outside_min);
        model.clusters = self.clusters;
        model
    }
}

/// Words seen at least `min` times, never inside an entity (none if `min` is 0).
fn outside_words(data: &[Tagged], min: u32) -> FxHashSet<String> {
    if min == 0 {
        return FxHashSet::default();
    }
    // word → (occurrences, ever inside an entity)
    let mut seen: FxHashMap<&str, (u32, bool)> = FxHashMap::default();
    for s in data {
        for (w, t) in s.words.iter().zip(&s.tags) {
            let e = seen.entry(w.as_str()).or_default();
            e.0 += 1;
            e.1 |= t != "O";
        }
    }
    seen.into_iter()
        .filter(|(_, (n, inside))| *n >= min && !inside)
        .map(|(w, _)| w.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::bio_spans;

    fn sent(s: &str) -> Tagged {
        let mut words = Vec::new();
        let mut tags = Vec::new();
        for p in s.split_whitespace() {
            let (w, t) = p.rsplit_once('/').unwrap();
            words.push(w.to_string());
            tags.push(t.to_string());
        }
        Tagged::new(words, tags)
    }

    #[test]
    fn passive_aggressive_training_and_calibration_keep_labels_and_fit_confidences() {
        let data: Vec<Tagged> = [
            "Vladimir/B-PER Poutine/I-PER est/O à/O Pékin/B-LOC ./O",
            "Xi/B-PER Jinping/I-PER reçoit/O Poutine/B-PER à/O Pékin/B-LOC ./O",
            "Poutine/B-PER quitte/O Minsk/B-LOC ./O",
            "Le/O président/O visite/O Kyiv/B-LOC ./O",
        ]
        .iter()
        .map(|s| sent(s))
        .collect();
        let mut model = Trainer::new("fr", &data, [], FxHashMap::default()).train(
            &data,
            &TrainOptions {
                epochs: 10,
                pa: 1.0,
                ..Default::default()
            },
            |_, _| {},
        );
        let toks: Vec<Tok> = ["Poutine", "quitte", "Pékin", "."]
            .iter()
            .map(|w| Tok::new(w))
            .collect();
        let before = model.tag(&toks);
        let factor = model.calibrate(&data);
        let after = model.tag(&toks);
        assert!(factor.is_finite() && factor > 0.0, "{factor}");
        // Labels do not move; on data it fits perfectly, calibration sharpens.
        assert_eq!(
            before.iter().map(|x| x.0).collect::<Vec<_>>(),
            after.iter().map(|x| x.0).collect::<Vec<_>>()
        );
        assert!(factor > 1.0, "{factor}");
        for (b, a) in before.iter().zip(&after) {
            assert!(a.1 >= b.1 - 1e-6, "{before:?} {after:?}");
        }
        // Nothing to calibrate on: the model is left as it is.
        assert_eq!(model.calibrate(&[]), 1.0);
    }

    #[test]
    fn learns_a_toy_task_and_roundtrips_through_bytes() {
        let data: Vec<Tagged> = [
            "Vladimir/B-PER Poutine/I-PER est/O à/O Pékin/B-LOC ./O",
            "Xi/B-PER Jinping/I-PER reçoit/O Poutine/B-PER à/O Pékin/B-LOC ./O",
            "L'/O OTAN/B-ORG condamne/O Moscou/B-LOC ./O",
            "Poutine/B-PER quitte/O Minsk/B-LOC ./O",
            "Le/O président/O de/O l'/O OTAN/B-ORG visite/O Kyiv/B-LOC ./O",
        ]
        .iter()
        .map(|s| sent(s))
        .collect();
        let model = Trainer::new(
            "fr",
            &data,
            [("est", "v"), ("à", "prep"), ("quitte", "v")],
            FxHashMap::default(),
        )
        .train(
            &data,
            &TrainOptions {
                epochs: 10,
                ..Default::default()
            },
            |_, _| {},
        );
        let words = ["Poutine", "visite", "Kyiv", "."];
        let toks: Vec<Tok> = words.iter().map(|w| Tok::new(w)).collect();
        let tags: Vec<String> = model
            .tag(&toks)
            .iter()
            .map(|(l, _)| model.labels[*l].clone())
            .collect();
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        assert_eq!(
            bio_spans(&tags),
            vec![(0, 1, "PER".into()), (2, 3, "LOC".into())]
        );
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.labels, model.labels);
        assert_eq!(
            back.tag(&toks).iter().map(|x| x.0).collect::<Vec<_>>(),
            model.tag(&toks).iter().map(|x| x.0).collect::<Vec<_>>()
        );
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() / 2]),
            Err(crate::ModelError::Truncated(_))
        ));
        // A stacked model carries its base through the bytes.
        let mut stacked = Model::from_bytes(&bytes).unwrap();
        stacked.base = Some(Box::new(Model::from_bytes(&bytes).unwrap()));
        let again = Model::from_bytes(&stacked.to_bytes()).unwrap();
        assert_eq!(
            again.base.as_ref().map(|b| b.labels.clone()),
            Some(model.labels.clone())
        );
        assert_eq!(again.to_bytes(), stacked.to_bytes());
        assert!(matches!(
            Model::from_bytes(b"nonsense"),
            Err(crate::ModelError::Magic)
        ));
    }

    #[test]
    fn words_never_inside_an_entity_are_settled_without_scoring() {
        let data: Vec<Tagged> = [
            "Poutine/B-PER est/O à/O Pékin/B-LOC ./O",
            "Xi/B-PER est/O à/O Moscou/B-LOC ./O",
            "Le/O port/O de/O Pékin/B-LOC est/O fermé/O ./O",
            "La/O Banque/B-ORG de/I-ORG France/I-ORG est/O fermée/O ./O",
        ]
        .iter()
        .map(|s| sent(s))
        .collect();
        let opts = TrainOptions {
            epochs: 5,
            outside_min: 3,
            ..Default::default()
        };
        let model =
            Trainer::new("fr", &data, [], FxHashMap::default()).train(&data, &opts, |_, _| {});
        let mut outside: Vec<&str> = model.outside.iter().map(String::as_str).collect();
        outside.sort();
        // "de" was once inside a name; "à" is too rare.
        assert_eq!(outside, vec![".", "est"]);
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.outside, model.outside);
        let toks: Vec<Tok> = ["est", "Pékin", "."].iter().map(|w| Tok::new(w)).collect();
        let tags = back.tag(&toks);
        assert_eq!((tags[0], tags[2]), ((0, 1.0), (0, 1.0)));
        assert_eq!(back.labels[tags[1].0], "B-LOC");
    }
}
