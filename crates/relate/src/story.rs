//! Story clusters at ingest: documents about one real-world development.
//!
//! A document's [`Profile`] is its *key entities*: linked actors and
//! places (a place by its gazetteer id, so two towns are two keys),
//! weighted by how often the document mentions them (the title twice) and
//! by their rarity in the store (idf), the strongest few kept, and the
//! types of the events it reports. A new document is compared with the
//! stories that share a key with it and whose dates meet a window around
//! its own (the store's story key index: the lookup reads a bounded number
//! of rows per key, whatever the store's size). The score is the share of
//! the document's key weight the story holds, with a small part for shared
//! event types; at least `min_shared` keys must be shared. Above the
//! threshold it joins the best story, else it opens one. A copy joins its
//! original's story. A follow-up shares the actors and places of its story;
//! another development on the same topic shares at best a generic key or
//! two (a country), which are rare-weighted down and fall short.

use crate::bytes::{put_len, put_opt_str, put_str, Reader};
use crate::RelateError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use veille_core::{Document, Entity, EntityLabel};
use veille_store::{Store, StoryRecord};

const STATE_VERSION: u8 = 1;

/// Story clustering's settings (chosen on the hand-written fixtures of
/// `tests/fixtures/stories`; no held-out story gold exists yet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryConfig {
    /// Key entities kept per document.
    pub doc_keys: usize,
    /// Keys a story is indexed by.
    pub story_keys: usize,
    /// Days either side of a document's date a story must meet.
    pub window_days: i64,
    /// Score needed to join a story…
    pub threshold: f64,
    /// …with at least this many keys shared.
    pub min_shared: usize,
    /// Part of the score given to shared event types.
    pub event_weight: f64,
    /// A key held by more stories than this is skipped at lookup.
    pub max_postings: usize,
    /// Candidate stories compared per document.
    pub max_candidates: usize,
    /// Key entities named in a story's label.
    pub label_keys: usize,
    /// How the keys are compared: the cosine of the document's and the
    /// story's key weights (true), or the share of the document's weight
    /// the story holds (false).
    pub cosine: bool,
    /// Documents counted per key for its rarity (a key in more is as
    /// common as can be: the lookup cost stays bounded).
    pub df_cap: usize,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            doc_keys: 8,
            story_keys: 24,
            window_days: 3,
            threshold: 0.5,
            min_shared: 1,
            event_weight: 0.2,
            max_postings: 500,
            max_candidates: 20,
            label_keys: 3,
            cosine: true,
            df_cap: 5000,
        }
    }
}

/// One key entity of a document or a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Key {
    pub key: String,
    pub name: String,
    pub weight: f64,
}

/// What story clustering keeps of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub doc_id: String,
    pub date: Option<String>,
    pub title: Option<String>,
    /// Strongest first.
    pub keys: Vec<Key>,
    /// Event types reported, sorted, distinct.
    pub events: Vec<String>,
}

/// A story's state (the store's blob).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryState {
    /// Summed key weights over its documents.
    pub keys: BTreeMap<String, Key>,
    /// Documents reporting each event type.
    pub events: BTreeMap<String, u32>,
    pub documents: u32,
    /// Its earliest document's title and date.
    pub first_title: Option<String>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// What clustering one document did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryJoin {
    pub story: String,
    /// A new story was opened.
    pub opened: bool,
    /// The score against the story it joined (1 for a copy's, 0 when new).
    pub score: f64,
}

/// The key a mention counts under: its place's gazetteer id, else its
/// linked id; dates, misc names and unlinked mentions have none.
fn key_of(e: &Entity) -> Option<(String, String)> {
    if matches!(e.label, EntityLabel::Misc) {
        return None;
    }
    if let Some(p) = &e.place {
        return Some((p.place_id.clone(), p.name.clone()));
    }
    let id = e.entity_id.as_ref()?;
    let name = e.canonical.clone().unwrap_or_else(|| e.text.clone());
    Some((id.clone(), name))
}

/// Inverse document frequency over the store.
fn idf(store: &dyn Store, key: &str, n: u64, cap: usize) -> Result<f64, RelateError> {
    let df = store.key_documents(key, cap)?;
    Ok(((n as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0)
}

impl Profile {
    /// A stored document's profile, rarity read from the store.
    pub fn of(
        doc: &Document,
        store: &dyn Store,
        cfg: &StoryConfig,
    ) -> Result<Profile, RelateError> {
        let mut tf: BTreeMap<String, (String, f64)> = BTreeMap::new();
        for (ents, w) in [(&doc.entities, 1.0), (&doc.headline.entities, 2.0)] {
            for e in ents.iter() {
                if let Some((k, name)) = key_of(e) {
                    tf.entry(k).or_insert((name, 0.0)).1 += w;
                }
            }
        }
        let n = store.stats()?.documents;
        let mut keys = Vec::with_capacity(tf.len());
        for (k, (name, f)) in tf {
            let weight = (1.0 + f.ln()) * idf(store, &k, n, cfg.df_cap)?;
            keys.push(Key {
                key: k,
                name,
                weight,
            });
        }
        keys.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.key.cmp(&b.key))
        });
        keys.truncate(cfg.doc_keys);
        let mut events: Vec<String> = doc
            .events
            .iter()
            .map(|e| format!("{:?}", e.event_type))
            .collect();
        events.sort();
        events.dedup();
        Ok(Profile {
            doc_id: doc.id.clone(),
            date: doc.date.as_ref().map(|d| d.value.clone()),
            title: doc.title.clone(),
            keys,
            events,
        })
    }

    /// The score of this document against a story, and the keys shared.
    pub fn score(&self, story: &StoryState, cfg: &StoryConfig) -> (f64, usize) {
        let total: f64 = self.keys.iter().map(|k| k.weight).sum();
        if total <= 0.0 {
            return (0.0, 0);
        }
        let shared: Vec<&Key> = self
            .keys
            .iter()
            .filter(|k| story.keys.contains_key(&k.key))
            .collect();
        let cover = if cfg.cosine {
            let dot: f64 = shared
                .iter()
                .map(|k| k.weight * story.keys[&k.key].weight)
                .sum();
            let norm_d = self
                .keys
                .iter()
                .map(|k| k.weight * k.weight)
                .sum::<f64>()
                .sqrt();
            let norm_s = story
                .keys
                .values()
                .map(|k| k.weight * k.weight)
                .sum::<f64>()
                .sqrt();
            if norm_d > 0.0 && norm_s > 0.0 {
                dot / (norm_d * norm_s)
            } else {
                0.0
            }
        } else {
            shared.iter().map(|k| k.weight).sum::<f64>() / total
        };
        let ev = if self.events.is_empty() || story.events.is_empty() {
            0.0
        } else {
            let both = self
                .events
                .iter()
                .filter(|e| story.events.contains_key(*e))
                .count();
            both as f64 / (self.events.len() + story.events.len() - both) as f64
        };
        let s = (1.0 - cfg.event_weight) * cover + cfg.event_weight * ev;
        (s, shared.len())
    }
}

// Days since 1970 of an ISO date's day, and back.
pub(crate) use veille_core::days_since_epoch as days;
use veille_core::iso_of_days as iso;

/// Compares dates on their common precision.
fn earlier(a: &str, b: &str) -> bool {
    let n = a.len().min(b.len()).min(10);
    a.get(..n) < b.get(..n)
}

impl StoryState {
    fn add(&mut self, p: &Profile) {
        for k in &p.keys {
            let e = self.keys.entry(k.key.clone()).or_insert(Key {
                key: k.key.clone(),
                name: k.name.clone(),
                weight: 0.0,
            });
            e.weight += k.weight;
        }
        for ev in &p.events {
            *self.events.entry(ev.clone()).or_default() += 1;
        }
        self.documents += 1;
        let first = match (&p.date, &self.first_date) {
            (Some(d), Some(f)) => earlier(d, f),
            (Some(_), None) => self.documents == 1 || self.first_title.is_none(),
            (None, _) => self.documents == 1,
        };
        if first {
            self.first_date = p.date.clone().or(self.first_date.take());
            self.first_title = p.title.clone();
        }
        if let Some(d) = &p.date {
            if self.last_date.as_ref().is_none_or(|l| earlier(l, d)) {
                self.last_date = Some(d.clone());
            }
            if self.first_date.is_none() {
                self.first_date = Some(d.clone());
            }
        }
    }

    /// Keys strongest first.
    fn ranked(&self) -> Vec<&Key> {
        let mut v: Vec<&Key> = self.keys.values().collect();
        v.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.key.cmp(&b.key))
        });
        v
    }

    /// Its most central key entities, then its earliest document's title.
    pub fn label(&self, cfg: &StoryConfig) -> String {
        let names: Vec<&str> = self
            .ranked()
            .into_iter()
            .take(cfg.label_keys)
            .map(|k| k.name.as_str())
            .collect();
        let mut label = names.join(", ");
        if let Some(t) = &self.first_title {
            if !label.is_empty() {
                label.push_str(" — ");
            }
            label.push_str(t);
        }
        label
    }

    /// The state as the store keeps it: a version byte, then lengths,
    /// numbers and strings (reading it is several times faster than JSON,
    /// and it is read for every candidate story of every new document).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(64 + 48 * self.keys.len());
        b.push(STATE_VERSION);
        b.extend_from_slice(&self.documents.to_le_bytes());
        for s in [&self.first_title, &self.first_date, &self.last_date] {
            put_opt_str(&mut b, s.as_deref());
        }
        put_len(&mut b, self.keys.len());
        for k in self.keys.values() {
            put_str(&mut b, &k.key);
            put_str(&mut b, &k.name);
            b.extend_from_slice(&k.weight.to_le_bytes());
        }
        put_len(&mut b, self.events.len());
        for (e, n) in &self.events {
            put_str(&mut b, e);
            b.extend_from_slice(&n.to_le_bytes());
        }
        b
    }

    /// Reads [`StoryState::to_bytes`] back, or the JSON earlier versions
    /// stored; a truncated or unknown blob is an error, never a panic.
    pub fn from_bytes(id: &str, data: &[u8]) -> Result<StoryState, RelateError> {
        let err = |reason: &str| RelateError::StoryState {
            id: id.to_string(),
            reason: reason.to_string(),
        };
        if data.first() == Some(&b'{') {
            return serde_json::from_slice(data).map_err(|e| err(&e.to_string()));
        }
        let mut r = Reader(data);
        if r.take(1).ok_or_else(|| err("empty"))?[0] != STATE_VERSION {
            return Err(err("unknown story state version"));
        }
        let short = || err("truncated");
        let documents = r.u32().ok_or_else(short)?;
        let mut opt = || r.opt_string().ok_or_else(short);
        let (first_title, first_date, last_date) = (opt()?, opt()?, opt()?);
        let mut keys = BTreeMap::new();
        for _ in 0..r.len().ok_or_else(short)? {
            let key = r.string().ok_or_else(short)?;
            let name = r.string().ok_or_else(short)?;
            let weight = f64::from_bits(r.u64().ok_or_else(short)?);
            keys.insert(key.clone(), Key { key, name, weight });
        }
        let mut events = BTreeMap::new();
        for _ in 0..r.len().ok_or_else(short)? {
            let e = r.string().ok_or_else(short)?;
            events.insert(e, r.u32().ok_or_else(short)?);
        }
        Ok(StoryState {
            keys,
            events,
            documents,
            first_title,
            first_date,
            last_date,
        })
    }

    fn record(&self, id: &str, cfg: &StoryConfig) -> Result<StoryRecord, RelateError> {
        Ok(StoryRecord {
            id: id.to_string(),
            label: self.label(cfg),
            first_date: self.first_date.clone(),
            last_date: self.last_date.clone(),
            keys: self
                .ranked()
                .into_iter()
                .take(cfg.story_keys)
                .map(|k| k.key.clone())
                .collect(),
            data: self.to_bytes(),
        })
    }
}

/// Clusters documents into stories at ingest, against a store.
#[derive(Debug, Clone, Default)]
pub struct Storyteller {
    pub cfg: StoryConfig,
}

impl Storyteller {
    pub fn new(cfg: StoryConfig) -> Storyteller {
        Storyteller { cfg }
    }

    fn load(&self, store: &dyn Store, id: &str) -> Result<Option<StoryState>, RelateError> {
        match store.story(id)? {
            None => Ok(None),
            Some(r) => StoryState::from_bytes(id, &r.data).map(Some),
        }
    }

    /// Puts a stored (and already related: copies linked) document in a
    /// story. A document already in one stays there (idempotent).
    pub fn place(&self, store: &mut dyn Store, doc: &Document) -> Result<StoryJoin, RelateError> {
        if let Some(s) = store.story_of(&doc.id)? {
            return Ok(StoryJoin {
                story: s,
                opened: false,
                score: 1.0,
            });
        }
        let profile = Profile::of(doc, store, &self.cfg)?;
        // A copy joins its original's story; an original found after its
        // copies joins theirs. A partial copy (a paragraph taken from
        // another article, which may report another development) is placed
        // by its own keys.
        let whole = |r: veille_core::CopyRelation| r != veille_core::CopyRelation::Partial;
        let mut kin = Vec::new();
        if let Some(l) = store.copy_of(&doc.id)? {
            if whole(l.relation) {
                kin.push(l.original);
            }
        }
        kin.extend(
            store
                .copies_of(&doc.id)?
                .into_iter()
                .filter(|l| whole(l.relation))
                .map(|l| l.doc_id),
        );
        for k in kin {
            if let Some(s) = store.story_of(&k)? {
                if let Some(state) = self.load(store, &s)? {
                    self.join(store, &s, state, &profile)?;
                    return Ok(StoryJoin {
                        story: s,
                        opened: false,
                        score: 1.0,
                    });
                }
            }
        }
        let (since, until) = match profile.date.as_deref().and_then(days) {
            Some(d) => (
                Some(iso(d - self.cfg.window_days)),
                Some(iso(d + self.cfg.window_days)),
            ),
            None => (None, None),
        };
        let keys: Vec<String> = profile.keys.iter().map(|k| k.key.clone()).collect();
        let cands = store.story_candidates(
            &keys,
            since.as_deref(),
            until.as_deref(),
            self.cfg.max_postings,
            self.cfg.max_candidates,
        )?;
        let mut best: Option<(f64, String, StoryState)> = None;
        for (id, shared) in cands {
            if (shared as usize) < self.cfg.min_shared {
                continue;
            }
            let Some(state) = self.load(store, &id)? else {
                continue;
            };
            let (s, n) = profile.score(&state, &self.cfg);
            if n >= self.cfg.min_shared
                && s >= self.cfg.threshold
                && best.as_ref().is_none_or(|b| s > b.0)
            {
                best = Some((s, id, state));
            }
        }
        if let Some((score, id, state)) = best {
            self.join(store, &id, state, &profile)?;
            return Ok(StoryJoin {
                story: id,
                opened: false,
                score,
            });
        }
        let id = format!("s{}", doc.id.get(..12).unwrap_or(&doc.id));
        self.join(store, &id, StoryState::default(), &profile)?;
        Ok(StoryJoin {
            story: id,
            opened: true,
            score: 0.0,
        })
    }

    fn join(
        &self,
        store: &mut dyn Store,
        id: &str,
        mut state: StoryState,
        p: &Profile,
    ) -> Result<(), RelateError> {
        state.add(p);
        store.put_story(&state.record(id, &self.cfg)?)?;
        store.set_story(&p.doc_id, id)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_old_json_reads() {
        let mut st = StoryState::default();
        assert_eq!(StoryState::from_bytes("s", &st.to_bytes()).unwrap(), st);
        st.add(&Profile {
            doc_id: "d".into(),
            date: Some("2024-05-23".into()),
            title: Some("Poutine à Pékin — « visite »".into()),
            keys: vec![
                Key {
                    key: "Q7747".into(),
                    name: "Vladimir Poutine".into(),
                    weight: 2.5,
                },
                Key {
                    key: "g1816670".into(),
                    name: "Pékin".into(),
                    weight: 1.25,
                },
            ],
            events: vec!["Consult".into()],
        });
        let b = st.to_bytes();
        assert_eq!(StoryState::from_bytes("s", &b).unwrap(), st);
        // Every truncation is an error, not a panic.
        for cut in 0..b.len() {
            assert!(StoryState::from_bytes("s", &b[..cut]).is_err(), "{cut}");
        }
        assert!(StoryState::from_bytes("s", &[9, 1]).is_err());
        let json = serde_json::to_vec(&st).unwrap();
        assert_eq!(StoryState::from_bytes("s", &json).unwrap(), st);
    }

    #[test]
    fn days_round_trip() {
        for s in ["1970-01-01", "2016-02-29", "2017-12-31", "2000-03-01"] {
            assert_eq!(iso(days(s).unwrap()), s);
        }
        assert_eq!(days("2017-03-08").unwrap() - days("2017-03-01").unwrap(), 7);
        assert_eq!(days("2017"), None);
    }
}
