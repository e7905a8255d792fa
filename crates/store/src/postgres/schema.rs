//! The PostgreSQL schema and its migrations.
//!
//! Migrations are numbered from 1 and recorded in `veille_migrations`, one
//! row per migration applied; [`PG_SCHEMA_VERSION`] is the number of
//! migrations this veille knows. Its numbering is the PostgreSQL backend's
//! own (independent of SQLite's `SCHEMA_VERSION`): migration 1 is the
//! schema SQLite reached at its version 13, migration 2 its version 14.
//!
//! Every text column is `COLLATE "C"` (bytewise, as SQLite compares), so
//! ordering and ISO-date comparisons do not depend on the database's
//! locale.

/// Text search: accents folded by `unaccent` before the stemmer of the
/// document's language (`veille_fr`, `veille_en`), or before no stemmer
/// (`veille_simple`, any other language). The stemmers' dictionaries keep
/// every word (no stop-word list), as SQLite's index does.
/// `veille_snippet` is SQLite's `snippet()`: about 16 words around the
/// matches, each between `[` and `]`, `…` where the text goes on.
const SEARCH: &str = "
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH DICTIONARY veille_french_stem (TEMPLATE = snowball, Language = french);
    CREATE TEXT SEARCH DICTIONARY veille_english_stem (TEMPLATE = snowball, Language = english);
    CREATE TEXT SEARCH CONFIGURATION veille_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION veille_fr
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, veille_french_stem;
    ALTER TEXT SEARCH CONFIGURATION veille_fr
        ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
    CREATE TEXT SEARCH CONFIGURATION veille_en (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION veille_en
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, veille_english_stem;
    ALTER TEXT SEARCH CONFIGURATION veille_en
        ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
    CREATE TEXT SEARCH CONFIGURATION veille_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION veille_simple
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part,
                          numword, numhword, hword_numpart
        WITH unaccent, simple;
    CREATE FUNCTION veille_snippet(cfg regconfig, body text, q tsquery) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN at > 1 AND left(body, at - 1) ~ '[[:alnum:]]' THEN '…' ELSE '' END
            || h
            || CASE WHEN at > 0 AND substr(body, at + length(bare)) ~ '[[:alnum:]]' THEN '…' ELSE '' END
        FROM (SELECT h, bare, strpos(body, bare) AS at
              FROM (SELECT h, replace(replace(h, '[', ''), ']', '') AS bare
                    FROM ts_headline(cfg, body, q,
                        'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1') AS h) t) u
    $$;";

/// Migration 1: every table of SQLite's schema version 13. `seq` columns
/// play SQLite's `rowid` (insertion order); `cfg` and `tsv` are the
/// document's text search configuration and weighted vector (title A,
/// text B).
const TABLES: &str = r#"
    CREATE TABLE documents (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        source TEXT COLLATE "C" NOT NULL,
        url TEXT COLLATE "C",
        site TEXT COLLATE "C",
        title TEXT COLLATE "C",
        author TEXT COLLATE "C",
        date TEXT COLLATE "C",
        date_precision TEXT COLLATE "C",
        lang TEXT COLLATE "C" NOT NULL,
        text TEXT COLLATE "C" NOT NULL,
        doc_json TEXT COLLATE "C" NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        cfg TEXT COLLATE "C" NOT NULL,
        tsv TSVECTOR NOT NULL
    );
    CREATE INDEX documents_date ON documents(date);
    CREATE INDEX documents_lang ON documents(lang);
    CREATE INDEX documents_url ON documents(url);
    CREATE INDEX documents_site ON documents(site);
    CREATE INDEX documents_tsv ON documents USING GIN (tsv);
    CREATE TABLE sources (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        source TEXT COLLATE "C" NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (doc_id, source)
    );
    CREATE INDEX sources_source ON sources(source);
    CREATE TABLE entities (
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        start BIGINT NOT NULL,
        "end" BIGINT NOT NULL,
        text TEXT COLLATE "C" NOT NULL,
        label TEXT COLLATE "C" NOT NULL,
        norm TEXT COLLATE "C" NOT NULL,
        entity_id TEXT COLLATE "C",
        canonical TEXT COLLATE "C",
        code TEXT COLLATE "C",
        nominal BOOLEAN NOT NULL DEFAULT false,
        place_id TEXT COLLATE "C",
        in_title BOOLEAN NOT NULL DEFAULT false,
        day TEXT COLLATE "C"
    );
    CREATE INDEX entities_norm ON entities(norm);
    CREATE INDEX entities_place ON entities(place_id);
    CREATE INDEX entities_entity_day ON entities(entity_id, day, doc_id);
    CREATE INDEX entities_doc_entity ON entities(doc_id, entity_id);
    CREATE TABLE quotes (
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        start BIGINT NOT NULL,
        "end" BIGINT NOT NULL,
        text TEXT COLLATE "C" NOT NULL,
        kind TEXT COLLATE "C" NOT NULL,
        cue TEXT COLLATE "C",
        speaker TEXT COLLATE "C",
        speaker_id TEXT COLLATE "C",
        speaker_name TEXT COLLATE "C",
        in_title BOOLEAN NOT NULL DEFAULT false
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE TABLE times (
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        start BIGINT NOT NULL,
        "end" BIGINT NOT NULL,
        text TEXT COLLATE "C" NOT NULL,
        value TEXT COLLATE "C",
        precision TEXT COLLATE "C" NOT NULL,
        in_title BOOLEAN NOT NULL DEFAULT false
    );
    CREATE INDEX times_value ON times(value);
    CREATE TABLE feeds (
        url TEXT COLLATE "C" PRIMARY KEY,
        etag TEXT COLLATE "C",
        last_modified TEXT COLLATE "C",
        checked_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE places (
        place_id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL,
        country TEXT COLLATE "C",
        admin1 TEXT COLLATE "C",
        lat DOUBLE PRECISION NOT NULL,
        lon DOUBLE PRECISION NOT NULL,
        precision TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX places_name ON places(lower(name));
    CREATE INDEX places_country ON places(country);
    CREATE TABLE events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        start BIGINT NOT NULL,
        "end" BIGINT NOT NULL,
        type TEXT COLLATE "C" NOT NULL,
        cameo TEXT COLLATE "C" NOT NULL,
        trigger TEXT COLLATE "C" NOT NULL,
        source TEXT COLLATE "C",
        source_id TEXT COLLATE "C",
        source_code TEXT COLLATE "C",
        target TEXT COLLATE "C",
        target_id TEXT COLLATE "C",
        target_code TEXT COLLATE "C",
        location TEXT COLLATE "C",
        location_id TEXT COLLATE "C",
        date TEXT COLLATE "C",
        modality TEXT COLLATE "C" NOT NULL,
        reported_by TEXT COLLATE "C",
        sentence TEXT COLLATE "C" NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        place_id TEXT COLLATE "C",
        in_title BOOLEAN NOT NULL DEFAULT false,
        event_key TEXT COLLATE "C"
    );
    CREATE INDEX events_source ON events(source_id);
    CREATE INDEX events_target ON events(target_id);
    CREATE INDEX events_doc ON events(doc_id, seq);
    CREATE INDEX events_place ON events(place_id);
    CREATE INDEX events_key ON events(event_key);
    CREATE TABLE fingerprints (
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id),
        data BYTEA NOT NULL
    );
    CREATE TABLE lookup_keys (
        kind BIGINT NOT NULL,
        key BIGINT NOT NULL,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        PRIMARY KEY (kind, key, doc_id)
    );
    CREATE INDEX lookup_keys_doc ON lookup_keys(doc_id);
    CREATE TABLE copies (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id),
        original TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        relation TEXT COLLATE "C" NOT NULL,
        similarity DOUBLE PRECISION NOT NULL,
        evidence TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX copies_original ON copies(original);
    CREATE TABLE stories (
        id TEXT COLLATE "C" PRIMARY KEY,
        label TEXT COLLATE "C" NOT NULL,
        first_date TEXT COLLATE "C",
        last_date TEXT COLLATE "C",
        data BYTEA NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_date);
    CREATE TABLE story_documents (
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id),
        story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX story_documents_story ON story_documents(story_id);
    CREATE TABLE story_keys (
        key TEXT COLLATE "C" NOT NULL,
        story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        PRIMARY KEY (key, story_id)
    );
    CREATE INDEX story_keys_story ON story_keys(story_id);
    CREATE TABLE surnames (
        surname TEXT COLLATE "C" NOT NULL,
        entity_id TEXT COLLATE "C" NOT NULL,
        canonical TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (surname, entity_id)
    );"#;

/// Migration 2: the fetch queue shared by feed workers (claimed with
/// `FOR UPDATE SKIP LOCKED`), and the ingest runs (SQLite's 14).
const QUEUE: &str = r#"
    CREATE TABLE queue (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT COLLATE "C" NOT NULL UNIQUE,
        feed TEXT COLLATE "C" NOT NULL,
        data TEXT COLLATE "C" NOT NULL,
        state TEXT COLLATE "C" NOT NULL DEFAULT 'pending',
        worker TEXT COLLATE "C",
        claimed_at BIGINT,
        due BIGINT NOT NULL DEFAULT 0,
        attempts BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX queue_state ON queue(state, due);
    CREATE TABLE ingest_runs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        data TEXT COLLATE "C" NOT NULL
    );"#;

/// Migration 3: counts read at every ingested document — documents,
/// sources, documents per entity or place id — kept as they change rather
/// than counted (a count reads every row). Each is split in shards by the
/// writing server process, so that two workers' transactions do not wait
/// on one counter row; a count is the sum of its shards.
const COUNTS: &str = r#"
    CREATE TABLE counters (
        name TEXT COLLATE "C" NOT NULL,
        shard INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (name, shard)
    );
    INSERT INTO counters VALUES ('documents', 0, (SELECT count(*) FROM documents)),
        ('sources', 0, (SELECT count(*) FROM sources));
    CREATE FUNCTION veille_count() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
        INSERT INTO counters (name, shard, n)
            VALUES (TG_ARGV[0], pg_backend_pid() % 64, CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
            ON CONFLICT (name, shard) DO UPDATE SET n = counters.n + excluded.n;
        RETURN NULL;
    END $f$;
    CREATE TRIGGER documents_counted AFTER INSERT OR DELETE ON documents
        FOR EACH ROW EXECUTE FUNCTION veille_count('documents');
    CREATE TRIGGER sources_counted AFTER INSERT OR DELETE ON sources
        FOR EACH ROW EXECUTE FUNCTION veille_count('sources');
    CREATE TABLE key_documents (
        key TEXT COLLATE "C" NOT NULL,
        shard INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (key, shard)
    );
    INSERT INTO key_documents SELECT key, 0, count(DISTINCT doc_id) FROM (
        SELECT entity_id AS key, doc_id FROM entities WHERE entity_id IS NOT NULL
        UNION SELECT place_id, doc_id FROM entities WHERE place_id IS NOT NULL) k GROUP BY key;"#;

/// The migrations, in order: each runs once, in a transaction.
pub(super) const MIGRATIONS: &[&[&str]] = &[&[SEARCH, TABLES], &[QUEUE], &[COUNTS]];

/// The schema version this veille writes on PostgreSQL (the number of
/// its migrations).
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Where the applied migrations are recorded.
pub(super) const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS veille_migrations (
    version BIGINT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)";

/// A transaction-scoped advisory lock key: opens of one database migrate
/// one at a time.
pub(super) const MIGRATION_LOCK: i64 = 0x7665_696c_6c65; // "veille"
