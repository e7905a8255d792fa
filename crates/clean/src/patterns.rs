//! Boilerplate phrase lists, matched on normalised text (lower case, straight
//! apostrophes, single spaces). Each list is data: add a phrase, add a test.

/// A line containing one of these is a cookie or consent notice.
pub const COOKIE: &[&str] = &[
    "uses cookies",
    "use cookies",
    "utilise des cookies",
    "utilisons des cookies",
    "utilise les cookies",
    "you're ok with this",
    "you are ok with this",
    "opt-out if you wish",
    "accept read more",
    "en poursuivant votre navigation",
    "accepter les cookies",
    "accept cookies",
    "accept all cookies",
    "gérer les cookies",
    "paramètres des cookies",
    "cookie settings",
    "cookie policy",
    "politique de cookies",
    "we value your privacy",
    "nous respectons votre vie privée",
    "consentement aux cookies",
];

/// A line containing one of these belongs to a comment form.
pub const COMMENT_FORM: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "laisser un commentaire",
    "laisser une réponse",
    "laissez un commentaire",
    "your email address will not be published",
    "required fields are marked",
    "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée",
    "votre adresse email ne sera pas publiée",
    "les champs obligatoires sont indiqués",
    "save my name, email",
    "enregistrer mon nom, mon e-mail",
    "post comment",
    "cancel reply",
    "annuler la réponse",
    "you must be logged in to post a comment",
    "vous devez être connecté pour publier un commentaire",
];

/// Whole lines (trailing ':' ignored) that head a related-links block.
pub const RELATED_HEADERS: &[&str] = &[
    "related articles",
    "related posts",
    "related stories",
    "related",
    "articles similaires",
    "articles connexes",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "lire également",
    "à lire également",
    "sur le même sujet",
    "read more",
    "read also",
    "see also",
    "voir aussi",
    "plus: tendance",
    "plus : tendance",
    "tendance",
    "you may also like",
    "vous aimerez aussi",
    "vous aimerez peut-être aussi",
    "lire d'autres actualités connexes",
    "more stories",
    "recommended",
    "recommandé pour vous",
    "dans la même rubrique",
    "les plus lus",
    "most read",
];

/// Whole lines made only of these words are share bars.
pub const SHARE_WORDS: &[&str] = &[
    "partager",
    "partagez",
    "share",
    "this",
    "cet",
    "article",
    "sur",
    "on",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "email",
    "e-mail",
    "mail",
    "imprimer",
    "print",
    "pinterest",
    "reddit",
    "copier",
    "le",
    "lien",
    "copy",
    "link",
    "tweet",
    "messenger",
];

/// Whole lines that mark the end of a copied article.
pub const SCRAPER_FOOTERS: &[&str] = &[
    "source link",
    "lien source",
    "source",
    "original source",
    "source originale",
];

/// Sentences containing these are newsletter, contact or promotion blurbs.
pub const PROMO: &[&str] = &[
    "[email protected]",
    "[email protected]",
    "inscrivez-vous à notre newsletter",
    "abonnez-vous à notre newsletter",
    "sign up for our newsletter",
    "sign up to our newsletter",
    "subscribe to our newsletter",
    "pour plus d'histoires comme celle-ci",
    "for more stories like this",
    "contactez notre équipe de presse",
    "contact our news team",
    "consultez notre page d'actualités",
    "check out our news page",
    "obtenez ce dont vous avez besoin",
    "cliquez ici pour",
    "click here to",
    "téléchargez notre application",
    "download our app",
    "suivez-nous sur",
    "follow us on",
];

/// Labels of embedded interactive or video blocks at the start of a line.
pub const BLOCK_LABELS: &[&str] = &[
    "interactif -",
    "interactif –",
    "interactive -",
    "interactive –",
    "infographie -",
    "live -",
];

/// Words after which a line that lacks final punctuation was cut mid-sentence.
pub const DANGLING: &[&str] = &[
    "que",
    "qui",
    "de",
    "du",
    "des",
    "le",
    "la",
    "les",
    "à",
    "au",
    "aux",
    "et",
    "ou",
    "en",
    "pour",
    "par",
    "avec",
    "sur",
    "dans",
    "un",
    "une",
    "ont",
    "est",
    "sont",
    "devraient",
    "doivent",
    "pourraient",
    "the",
    "of",
    "to",
    "and",
    "that",
    "with",
    "for",
    "should",
    "would",
];

/// English words that do not exist in French: two or more of them in a row
/// inside French text are machine-translation residue.
pub const EN_ONLY: &[&str] = &[
    "we", "these", "those", "the", "with", "this", "that", "you", "you're", "your", "are", "is",
    "of", "and", "to", "for", "ok", "okay", "will", "would", "have", "has", "been", "they", "our",
    "their", "but", "it's", "i'm", "we're", "they're", "don't", "can't", "which", "what", "there",
    "from", "about", "should", "could", "were", "was", "his", "her", "its", "it", "he", "she",
    "them", "my", "talks", "said", "says", "wish", "if",
];

/// Of `EN_ONLY`, the pronouns and verbs: a residue run must hold one.
pub const EN_CORE: &[&str] = &[
    "we", "you", "you're", "they", "it's", "i'm", "we're", "they're", "don't", "can't", "are",
    "is", "was", "were", "will", "would", "have", "has", "should", "could", "these", "those",
    "this", "that", "your", "our", "their", "he", "she", "it",
];

pub fn any_in(hay: &str, list: &[&str]) -> bool {
    list.iter().any(|p| hay.contains(p))
}
