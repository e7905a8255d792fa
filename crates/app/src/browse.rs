//! What a browsing client (the HTTP server, its pages) asks of the store:
//! a faceted, paged search; an entity's page (timeline, quotes, events as
//! source and target, company); paged events; one story; one place; and
//! ingesting pasted text, an uploaded file or a fetched URL.

use crate::{AppError, EntityView, IngestReport, Observer, ReadOptions, Result, Veille};
use serde::Serialize;
use veille_core::{EntityLabel, Lang, Place, RawDoc};
use veille_ingest::fetch::{FetchOptions, Fetched, Fetcher};
use veille_store::{
    DayCount, DocBrief, EventHit, EventQuery, Facets, PageHit, QuoteHit, SearchFilter, StoryRow,
    TextQuery,
};

/// A browsing search: every filter optional; `page` counts from 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// Words (see [`TextQuery::parse`]).
    pub q: Option<String>,
    /// An actor in any spelling (resolved through the knowledge base, else
    /// the store's mentions, else matched as written).
    pub entity: Option<String>,
    /// Only documents with a mention of this type (of the entity, if any).
    pub label: Option<EntityLabel>,
    pub lang: Option<Lang>,
    pub site: Option<String>,
    /// ISO dates, any precision.
    pub since: Option<String>,
    pub until: Option<String>,
    pub page: usize,
    pub per_page: usize,
}

/// A page of search results with facets.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matching documents (counted up to [`veille_store::COUNT_CAP`]).
    pub total: u64,
    /// False when `total` reached the cap.
    pub total_exact: bool,
    pub page: usize,
    pub per_page: usize,
    pub hits: Vec<PageHit>,
    pub facets: Facets,
}

/// An entity co-occurring with another: documents shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub count: u64,
}

/// Everything an entity page shows.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    #[serde(flatten)]
    pub entity: EntityView,
    /// Mentions per publication day, oldest first.
    pub timeline: Vec<DayCount>,
    pub quotes: Vec<QuoteHit>,
    pub events_as_source: Vec<EventHit>,
    pub events_as_target: Vec<EventHit>,
    pub cooccurring: Vec<Company>,
}

/// A page of events.
#[derive(Debug, Clone, Serialize)]
pub struct EventResults {
    pub total: u64,
    pub total_exact: bool,
    pub page: usize,
    pub per_page: usize,
    pub events: Vec<EventHit>,
}

/// One story: its row, its documents oldest first, its events.
#[derive(Debug, Clone, Serialize)]
pub struct StoryPage {
    #[serde(flatten)]
    pub story: StoryRow,
    pub documents: Vec<DocBrief>,
    pub events: Vec<EventHit>,
}

/// One place: where it is, the events located there, the documents
/// mentioning it.
#[derive(Debug, Clone, Serialize)]
pub struct PlacePage {
    #[serde(flatten)]
    pub place: Place,
    pub events: Vec<EventHit>,
    pub documents: Vec<DocBrief>,
}

/// Why a URL could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error(transparent)]
    Fetch(#[from] veille_ingest::fetch::FetchError),
    #[error(transparent)]
    Read(#[from] veille_ingest::IngestError),
    #[error("{0}: not modified (no validators were sent)")]
    NotModified(String),
}

/// The most items a page may ask for.
pub const MAX_PER_PAGE: usize = 100;

fn page_offset(page: usize, per_page: usize) -> (usize, usize) {
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let page = page.max(1);
    (page, per_page)
}

impl Veille {
    /// An entity id for an id, or a name in any spelling: the knowledge
    /// base's id, a name it knows, an id the store holds mentions of, a
    /// name the store's mentions were linked under.
    pub fn resolve_entity(&self, id_or_name: &str) -> Result<(String, bool)> {
        let s = id_or_name.trim();
        if let Some(e) = self.linker.entries.iter().find(|e| e.id == s) {
            return Ok((e.id.clone(), true));
        }
        if let Some(e) = self.linker.lookup(s) {
            return Ok((e.id.clone(), true));
        }
        if !s.is_empty() && self.store.key_documents(s, 1)? > 0 {
            return Ok((s.to_string(), false));
        }
        match self.store.entity_id_of(s)? {
            Some(id) => Ok((id, false)),
            None => Err(AppError::NoEntity {
                name: id_or_name.to_string(),
            }),
        }
    }

    /// A page of documents matching a search, with facets.
    pub fn search_page(&self, r: &SearchRequest) -> Result<SearchResults> {
        let (page, per_page) = page_offset(r.page, r.per_page);
        let entity_id = match &r.entity {
            None => None,
            Some(e) => self.resolve_entity(e).ok().map(|(id, _)| id),
        };
        let q = SearchFilter {
            text: r
                .q
                .as_deref()
                .map(TextQuery::parse)
                .filter(|t| !t.is_empty()),
            entity: r.entity.clone(),
            entity_id,
            label: r.label,
            lang: r.lang,
            site: r.site.clone(),
            since: r.since.clone(),
            until: r.until.clone(),
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        };
        let p = self.store.search_page(&q)?;
        Ok(SearchResults {
            total: p.total,
            total_exact: p.total_exact,
            page,
            per_page,
            hits: p.hits,
            facets: p.facets,
        })
    }

    /// An entity (an id or a name in any spelling) with its mention
    /// timeline, quotes, events as source and as target, and the entities
    /// it appears with; lists hold at most `limit` items.
    pub fn entity_page(&self, id_or_name: &str, limit: usize) -> Result<EntityPage> {
        let (id, _) = self.resolve_entity(id_or_name)?;
        let kb = self.linker.entries.iter().find(|e| e.id == id);
        let report = self.store.entity_report(&id, limit)?;
        let entity = EntityView::new(id.clone(), kb, report);
        let quotes = self.store.quotes_of(&id, limit)?;
        let events = |source: bool| {
            let q = EventQuery {
                actor_id: source.then(|| id.clone()),
                target_id: (!source).then(|| id.clone()),
                limit,
                ..Default::default()
            };
            self.store.events_page(&q, 0).map(|p| p.events)
        };
        let cooccurring = entity
            .store
            .cooccurring
            .iter()
            .map(|c| Company {
                id: c.entity_id.clone(),
                name: c.canonical.clone().unwrap_or_else(|| c.entity_id.clone()),
                count: c.documents,
            })
            .collect();
        Ok(EntityPage {
            timeline: self.store.mention_timeline(&id)?,
            quotes,
            events_as_source: events(true)?,
            events_as_target: events(false)?,
            cooccurring,
            entity,
        })
    }

    /// A page of events (names resolved as for [`Veille::events`]);
    /// `page` counts from 1.
    pub fn events_page(&self, q: EventQuery, page: usize, per_page: usize) -> Result<EventResults> {
        let (page, per_page) = page_offset(page, per_page);
        // Ids or names in any spelling; a name nothing resolves is matched
        // as written.
        let mut q = q;
        if q.actor_id.is_none() {
            q.actor_id = q
                .actor
                .as_deref()
                .and_then(|a| self.resolve_entity(a).ok())
                .map(|(id, _)| id);
        }
        if q.target_id.is_none() {
            q.target_id = q
                .target
                .as_deref()
                .and_then(|a| self.resolve_entity(a).ok())
                .map(|(id, _)| id);
        }
        q.limit = per_page;
        let p = self
            .store
            .events_page(&q, (page - 1).saturating_mul(per_page))?;
        Ok(EventResults {
            total: p.total,
            total_exact: p.total_exact,
            page,
            per_page,
            events: p.events,
        })
    }

    /// One story with its documents (oldest first) and their events (at
    /// most `limit`).
    pub fn story(&self, id: &str, limit: usize) -> Result<StoryPage> {
        let story = self
            .store
            .story_row(id)?
            .ok_or_else(|| AppError::NoStory(id.to_string()))?;
        let ids = self.store.story_documents(id)?;
        Ok(StoryPage {
            documents: self.store.doc_briefs(&ids)?,
            events: self.store.story_events(id, limit)?,
            story,
        })
    }

    /// One place by id ("geonames:625144"): where it is, the events there
    /// and the documents mentioning it (at most `limit` each).
    pub fn place(&self, id: &str, limit: usize) -> Result<PlacePage> {
        let place = self
            .store
            .place(id)?
            .ok_or_else(|| AppError::NoPlace(id.to_string()))?;
        let events = self
            .store
            .events_page(
                &EventQuery {
                    place: Some(place.place_id.clone()),
                    limit,
                    ..Default::default()
                },
                0,
            )?
            .events;
        Ok(PlacePage {
            documents: self.store.place_documents(&place.place_id, limit)?,
            events,
            place,
        })
    }

    /// Analyses and stores documents already read (pasted text, a fetched
    /// page).
    pub fn ingest_raw(&mut self, docs: Vec<RawDoc>) -> Result<IngestReport> {
        let mut docs = docs.into_iter();
        self.ingest_stream(&mut |each| {
            let mut counts = crate::read::Counts::default();
            for d in docs.by_ref() {
                counts.documents += 1;
                if !each(d) {
                    break;
                }
            }
            counts
        })
    }

    /// Fetches one web page with the polite fetcher (robots.txt, size cap,
    /// retries) and stores its article.
    pub fn ingest_url(&mut self, url: &str, opts: FetchOptions) -> Result<IngestReport> {
        let mut fetcher = Fetcher::new(opts);
        let raw = match fetcher.get(url, None).map_err(UrlError::from)? {
            Fetched::Body {
                bytes,
                url: at,
                charset,
                content_type,
                ..
            } => {
                let html = content_type.as_deref().is_none_or(|t| t.contains("html"));
                let mut d = if html {
                    veille_ingest::web_page(&bytes, &at, charset.as_deref())
                        .map_err(UrlError::from)?
                } else {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let mut d = RawDoc::text(url, text);
                    d.url = Some(at);
                    d
                };
                d.source = url.to_string();
                d
            }
            Fetched::NotModified => return Err(UrlError::NotModified(url.to_string()).into()),
        };
        self.ingest_raw(vec![raw])
    }

    /// Stores an uploaded file (any format `ingest` reads: HTML, text,
    /// JSONL, WARC, feeds, gzip of any), read under its own name's
    /// extension from a private temporary folder.
    pub fn ingest_upload(
        &mut self,
        name: &str,
        bytes: &[u8],
        opts: &ReadOptions,
        observer: &mut dyn Observer,
    ) -> Result<IngestReport> {
        let dir = tempfile::tempdir().map_err(AppError::Write)?;
        let path = dir.path().join(upload_name(name));
        std::fs::write(&path, bytes).map_err(AppError::Write)?;
        self.ingest(&[path], opts, observer)
    }
}

/// A safe file name for an upload: its last path component's letters,
/// digits, `.`, `-` and `_`, never empty nor dot-led; `.txt` when it has
/// no extension.
pub fn upload_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut s: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        s = "upload".into();
    }
    if !s.contains('.') {
        s.push_str(".txt");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_stay_in_their_folder() {
        assert_eq!(upload_name("../../etc/passwd"), "passwd.txt");
        assert_eq!(upload_name("C:\\x\\page.html"), "page.html");
        assert_eq!(upload_name(".."), "upload.txt");
        assert_eq!(upload_name(""), "upload.txt");
        assert_eq!(upload_name("dépêche.jsonl.gz"), "dpche.jsonl.gz");
    }

    #[test]
    fn pages_count_from_one_and_are_bounded() {
        assert_eq!(page_offset(0, 0), (1, 1));
        assert_eq!(page_offset(3, 1000), (3, MAX_PER_PAGE));
    }
}
