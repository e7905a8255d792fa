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
    // German, Spanish, Portuguese, Italian
    "verwendet cookies",
    "nutzt cookies",
    "verwenden cookies",
    "nutzen cookies",
    "utiliza cookies",
    "utilizamos cookies",
    "usamos cookies",
    "utilizza cookie",
    "utilizziamo cookie",
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
    "uses akismet to reduce spam",
    "verwendet akismet, um spam zu reduzieren",
    // German, Spanish, Portuguese, Italian
    "schreibe einen kommentar",
    "kommentar verfassen",
    "kommentar schreiben",
    "deine e-mail-adresse wird nicht veröffentlicht",
    "ihre e-mail-adresse wird nicht veröffentlicht",
    "erforderliche felder sind mit",
    "antworten abbrechen",
    "deja un comentario",
    "tu dirección de correo electrónico no será publicada",
    "los campos obligatorios están marcados",
    "deixe um comentário",
    "o seu endereço de e-mail não será publicado",
    "lascia un commento",
    "il tuo indirizzo email non sarà pubblicato",
    "um kommentare zu schreiben",
    "um einen kommentar zu schreiben",
    "um sich an einer diskussion beteiligen",
    "kommentare schreiben",
    "sie müssen sich anmelden um",
    "you must be logged in to comment",
    "pour commenter cet article",
    "debes iniciar sesión para",
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
    // German
    "auch interessant",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das könnte sie interessieren",
    "mehr zum thema",
    "mehr zu diesem thema",
    "mehr themen",
    "weitere artikel",
    "weitere themen",
    "verwandte artikel",
    "ähnliche artikel",
    "ähnliche beiträge",
    "schon gelesen",
    "lesen sie auch",
    "lies auch",
    "meistgelesen",
    "empfehlungen",
    // Spanish, Portuguese, Italian, Polish
    "artículos relacionados",
    "noticias relacionadas",
    "te puede interesar",
    "lee también",
    "leer más",
    "más noticias",
    "veja também",
    "leia também",
    "leia mais",
    "notícias relacionadas",
    "leggi anche",
    "articoli correlati",
    "potrebbe interessarti anche",
    "zobacz też",
    "zobacz także",
    "czytaj też",
    "czytaj także",
    "related coverage",
    "related content",
    "related reading",
    "you might also like",
    "you may also be interested in",
    "more from",
    "vous pourriez aussi aimer",
    "à découvrir aussi",
    "à découvrir",
    "das thema könnte dich auch interessieren",
    "das thema könnte sie auch interessieren",
    "sie könnten auch an folgenden artikeln interessiert sein",
    "empfohlene beiträge",
    "empfohlene artikel",
    "weiterführender link",
    "weiterführende links",
    "weiterführende informationen",
    "zobacz również",
    "meistgelesene artikel",
    "meistdiskutierte artikel",
    "zum weiterlesen",
    "weiterlesen",
    "lesen sie auch die folgenden beiträge",
    "weitere beiträge",
    "themen im artikel",
    "temas relacionados",
    "contenido relacionado",
    "top stories",
    "most popular",
    "les plus partagés",
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
    "teilen",
    "diesen",
    "diese",
    "seite",
    "news",
    "artikel",
    "compartir",
    "esta",
    "noticia",
    "page",
    "cette",
    "partage",
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
    // Feedback and rating prompts
    "war der artikel nützlich",
    "war dieser artikel hilfreich",
    "war der artikel hilfreich",
    "wie bewerten sie diesen artikel",
    "wie hat ihnen der artikel gefallen",
    "möchten sie den artikel teilen",
    "noch keine bewertungen",
    "was this article helpful",
    "did you find this article helpful",
    "rate this article",
    "no ratings yet",
    "cet article vous a-t-il été utile",
    "notez cet article",
    // Newsletters and follow prompts
    "signing up to our newsletter",
    "newsletter abonnieren",
    "abonnieren sie unseren newsletter",
    "um diesem blog zu folgen",
    "to follow this blog",
    "pour suivre ce blog",
    "suscríbete a nuestro boletín",
    // Subscriptions, apps and follow calls
    "subscribe now to",
    "apps for ios and android",
    "get the latest news straight to",
    "síguenos en",
    "siguenos en",
    "lust auf mehr?",
    "hazte miembro",
    "abonnez-vous pour",
    "téléchargez l'application",
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

/// Line starts (normalised) of the metadata under a blog post or article:
/// its tags and categories, whether comments are open.
pub const POST_META: &[&str] = &[
    "tags:",
    "tags :",
    "schlagwörter:",
    "schlagworte:",
    "kategorie:",
    "kategorien:",
    "category:",
    "category :",
    "categories:",
    "catégorie:",
    "catégorie :",
    "catégories :",
    "étiquettes :",
    "mots-clés :",
    "etiquetas:",
    "categorías:",
    "filed under",
    "posted in ",
    "abgelegt unter",
    "comments are closed",
    "kommentare geschlossen",
    "les commentaires sont fermés",
    "kommentarfeed",
    "trackback",
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

/// The promotion list as one automaton, for the sentences of a line that
/// holds one of its phrases.
static PROMO_PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(PROMO).expect("phrase lists are small")
    });

pub fn promo_in(hay: &str) -> bool {
    PROMO_PHRASES.is_match(hay)
}

/// Which of the cookie, comment-form and promotion lists a line holds a
/// phrase of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LineKinds {
    pub cookie: bool,
    pub comment_form: bool,
    pub promo: bool,
}

/// The three lists in one automaton: every line is scanned once.
static LINE_PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(COOKIE.iter().chain(COMMENT_FORM).chain(PROMO))
            .expect("phrase lists are small")
    });

pub fn line_kinds(hay: &str) -> LineKinds {
    let mut k = LineKinds::default();
    for m in LINE_PHRASES.find_overlapping_iter(hay) {
        let i = m.pattern().as_usize();
        if i < COOKIE.len() {
            k.cookie = true;
        } else if i < COOKIE.len() + COMMENT_FORM.len() {
            k.comment_form = true;
        } else {
            k.promo = true;
        }
    }
    k
}
