//! The title read with the text.
//!
//! Headlines state what happened ("Syrie : la coalition tue…"), often in
//! words the text does not repeat. The title is analysed in front of the
//! text, as its own paragraph, so that its names are linked with the text's
//! and the text's places and actors weigh on its own; then every annotation
//! goes back where it belongs: the title's into [`Headline`] (spans into the
//! title), the text's to the document (spans into the text).

use veille_core::{Entity, Event, EventArg, Headline, Quote, Span, TimeExpr};

/// What separates the title from the text in the analysed string: a
/// paragraph break, so no sentence, name or quote runs across.
pub(crate) const SEPARATOR: &str = "\n\n";

/// Titles longer than this (bytes) are not headlines but text that lost its
/// line breaks.
const MAX_TITLE: usize = 400;

/// The title to analyse: one line with letters, not already in the text
/// (a repeated headline left in the text is read there).
pub(crate) fn readable<'a>(title: Option<&'a str>, text: &str) -> Option<&'a str> {
    let t = title?;
    let ok = !t.is_empty()
        && t.len() <= MAX_TITLE
        && t.trim() == t
        && !t.contains(['\n', '\r'])
        && t.chars().any(char::is_alphabetic)
        && !text.contains(t);
    ok.then_some(t)
}

/// Something whose spans are anchored in one place of the analysed text.
pub(crate) trait Anchored: Sized {
    /// The span that says where it is (a quote's text, an event's sentence).
    fn anchor(&self) -> Span;
    /// Its spans moved back by `by`; spans that fall before are dropped
    /// when optional (a quote's speaker named in the title), else None.
    fn back(self, by: usize) -> Option<Self>;
    /// Optional spans beyond `end` dropped (a title quote's cue in the text).
    fn within(self, end: usize) -> Self;
}

/// Splits annotations of `title + SEPARATOR + text` into the title's and
/// the text's (spans moved back into the text); anything across both is
/// dropped.
pub(crate) fn split<T: Anchored>(all: Vec<T>, title_len: usize) -> (Vec<T>, Vec<T>) {
    let off = title_len + SEPARATOR.len();
    let (mut head, mut body) = (Vec::new(), Vec::new());
    for x in all {
        let a = x.anchor();
        if a.end <= title_len {
            head.push(x.within(title_len));
        } else if a.start >= off {
            body.extend(x.back(off));
        }
    }
    (head, body)
}

/// The headline and the text's annotations of one analysis (`title_len`:
/// the length of the title read in front of the text, if one was).
pub(crate) fn headline(
    title_len: Option<usize>,
    entities: Vec<Entity>,
    times: Vec<TimeExpr>,
    quotes: Vec<Quote>,
    events: Vec<Event>,
) -> (Headline, Vec<Entity>, Vec<TimeExpr>, Vec<Quote>, Vec<Event>) {
    let Some(title_len) = title_len else {
        return (Headline::default(), entities, times, quotes, events);
    };
    let (he, e) = split(entities, title_len);
    let (ht, t) = split(times, title_len);
    let (hq, q) = split(quotes, title_len);
    let (hv, v) = split(events, title_len);
    let head = Headline {
        entities: he,
        times: ht,
        quotes: hq,
        events: hv,
    };
    (head, e, t, q, v)
}

fn fits(s: Option<Span>, end: usize) -> Option<Span> {
    s.filter(|s| s.end <= end)
}

/// Annotations that are one span.
macro_rules! one_span {
    ($($t:ty),*) => {$(
        impl Anchored for $t {
            fn anchor(&self) -> Span {
                self.span
            }
            fn back(mut self, by: usize) -> Option<Self> {
                self.span = self.span.back(by)?;
                Some(self)
            }
            fn within(self, _: usize) -> Self {
                self
            }
        }
    )*};
}

one_span!(Entity, TimeExpr);

impl Anchored for Quote {
    fn anchor(&self) -> Span {
        self.span
    }
    fn back(mut self, by: usize) -> Option<Self> {
        self.span = self.span.back(by)?;
        self.cue_span = self.cue_span.and_then(|s| s.back(by));
        self.speaker_span = self.speaker_span.and_then(|s| s.back(by));
        Some(self)
    }
    fn within(mut self, end: usize) -> Self {
        self.cue_span = fits(self.cue_span, end);
        self.speaker_span = fits(self.speaker_span, end);
        self
    }
}

/// An argument's span in the text; an implied actor inferred from the
/// headline's place keeps its words and code with an empty span.
fn arg_back(a: Option<EventArg>, by: usize) -> Option<EventArg> {
    a.and_then(|mut a| {
        a.span = match a.span.back(by) {
            Some(s) => s,
            None if a.implied => Span::new(0, 0),
            None => return None,
        };
        Some(a)
    })
}

impl Anchored for Event {
    fn anchor(&self) -> Span {
        self.sentence
    }
    fn back(mut self, by: usize) -> Option<Self> {
        self.sentence = self.sentence.back(by)?;
        self.trigger.span = self.trigger.span.back(by)?;
        self.source = arg_back(self.source, by);
        self.target = arg_back(self.target, by);
        self.location = arg_back(self.location, by);
        Some(self)
    }
    fn within(self, _: usize) -> Self {
        // An event's words are all in its sentence.
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(start: usize, end: usize) -> Entity {
        Entity {
            span: Span::new(start, end),
            ..Default::default()
        }
    }

    #[test]
    fn annotations_go_back_to_their_part() {
        // "Titre" (5) + "\n\n" + text: the text starts at 7.
        let (head, body) = split(vec![ent(0, 5), ent(7, 9), ent(3, 8)], 5);
        assert_eq!(head, vec![ent(0, 5)]);
        assert_eq!(body, vec![ent(0, 2)]);
    }

    #[test]
    fn a_quote_keeps_only_the_spans_of_its_part() {
        let q = Quote {
            span: Span::new(10, 20),
            speaker_span: Some(Span::new(0, 4)),
            cue_span: Some(Span::new(21, 24)),
            ..Default::default()
        };
        let (_, body) = split(vec![q], 5);
        assert_eq!(body[0].span, Span::new(3, 13));
        assert_eq!(body[0].speaker_span, None);
        assert_eq!(body[0].cue_span, Some(Span::new(14, 17)));
        let q = Quote {
            span: Span::new(0, 5),
            cue_span: Some(Span::new(8, 12)),
            ..Default::default()
        };
        let (head, _) = split(vec![q], 5);
        assert_eq!(head[0].cue_span, None);
    }

    #[test]
    fn titles_worth_reading() {
        let text = "Le texte dit tout. Une autre phrase.";
        assert_eq!(
            readable(Some("Paris : un titre"), text),
            Some("Paris : un titre")
        );
        assert_eq!(readable(Some("Le texte dit tout."), text), None);
        assert_eq!(readable(Some(" espacé"), text), None);
        assert_eq!(readable(Some("deux\nlignes"), text), None);
        assert_eq!(readable(Some("2024 — 12"), text), None);
        assert_eq!(readable(Some(""), text), None);
        assert_eq!(readable(None, text), None);
        assert_eq!(readable(Some("mot ".repeat(200).trim_end()), text), None);
    }
}
