//! Small closed word lists the segmenters need.

/// French elided forms: the apostrophe ends the token (l’, d’, qu’…).
pub const FR_ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// French pronouns that attach to a verb with a hyphen ("a-t-il", "dit-elle").
pub const FR_CLITICS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "moi", "toi", "le", "la",
    "les", "lui", "leur", "y", "en",
];

/// Hyphenated French words ending like a clitic that are single words.
pub const FR_HYPHEN_WORDS: &[&str] = &["rendez-vous", "laissez-passer", "va-et-vient", "ouï-dire"];

/// English prefixes that keep their hyphen (UD EWT keeps "e-mail", "vice-president").
pub const EN_HYPHEN_PREFIXES: &[&str] =
    &["e", "re", "co", "vice", "semi", "non", "pre", "ex", "mid"];

/// Abbreviations that take their period, by language (lowercase, without the period).
pub const FR_ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "dr", "pr", "st", "ste", "etc", "cf",
    "av", "apr", "env", "hab", "bd", "fig", "p", "pp", "vol", "n", "no", "nº", "art", "ch", "chap",
    "éd", "coll", "gal", "gén", "cdt", "col", "lt", "sgt", "capt", "vs", "ibid", "op", "janv",
    "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "min", "max", "tél", "inc", "ltd",
    "co", "corp", "jr", "sr", "dép", "av.-j", "s.a",
];

pub const EN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "mt", "ft", "gen", "gov", "sen", "rep",
    "rev", "lt", "col", "capt", "cpt", "sgt", "cmdr", "adm", "maj", "hon", "pres", "supt", "inc",
    "ltd", "co", "corp", "bros", "dept", "univ", "assn", "est", "etc", "vs", "al", "cf", "e.g",
    "i.e", "no", "nos", "vol", "fig", "p", "pp", "ed", "eds", "approx", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "ph", "a.m", "p.m", "u.s", "u.k",
    "u.n",
];

/// Abbreviations after which a sentence may still end ("… and so on, etc. The next").
pub const SENTENCE_FINAL_ABBREVIATIONS: &[&str] =
    &["etc", "inc", "ltd", "co", "corp", "jr", "sr", "al", "bros"];

/// Words that commonly open a sentence; after an ambiguous abbreviation
/// ("U.S.", "etc.") one of these signals a new sentence.
pub const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "for",
    "if",
    "when",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "as",
    "after",
    "however",
    "meanwhile",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "je",
    "ce",
    "cette",
    "ces",
    "cela",
    "mais",
    "et",
    "en",
    "dans",
    "selon",
    "pour",
    "avec",
    "après",
    "depuis",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "cependant",
    "pourtant",
];

pub fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}
