//! Text folded for matching: lower case, no accents, one space between words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that render as nothing and are used to split words past filters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0D}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Symbols drawn as letters or digits: mathematical alphanumerics (`𝐀`, `𝖺`), fullwidth forms
/// (`Ａ`), circled and squared letters (`Ⓐ`, `🄰`, `🅰`). Mail in Latin scripts has little use
/// for them (fullwidth forms belong to Chinese and Japanese text).
pub fn is_styled_letter(c: char) -> bool {
    matches!(
        c,
        '\u{1D400}'..='\u{1D7FF}'
            | '\u{FF10}'..='\u{FF19}'
            | '\u{FF21}'..='\u{FF3A}'
            | '\u{FF41}'..='\u{FF5A}'
            | '\u{24B6}'..='\u{24E9}'
            | '\u{1F130}'..='\u{1F149}'
            | '\u{1F150}'..='\u{1F169}'
            | '\u{1F170}'..='\u{1F189}'
    )
}

/// Cyrillic and Greek letters drawn like Latin ones. `μ` is not among them: `μg` and `μmol/L`
/// are how lab results write units.
const LATIN_LOOKALIKES: &str = "аеорсухіјѕһԁԛԝӏАВЕКМНОРСТХІЈЅοανρτυικχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";

/// Longest word quoted back as an example.
const EXAMPLE_CHARS: usize = 40;

/// Latin words with Cyrillic or Greek letters drawn like Latin ones slipped inside them
/// (`Lооking` with Cyrillic `о`): how many different ones, and the first (cut to
/// [`EXAMPLE_CHARS`]). A word counts when all its letters are Latin or look-alikes, at least two
/// are Latin, and a look-alike sits inside it, not at an end: `αFP`, `TNFα` and `IgGκ` are how
/// medicine writes, and a Ukrainian word typed with a Latin `i` has other Cyrillic letters.
pub fn mixed_script_words(text: &str) -> (usize, Option<String>) {
    let mut seen: Vec<&str> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if seen.len() >= 100 {
            break;
        }
        // The look-alikes are not ASCII: most words are settled here, with no allocation.
        if word.is_ascii() || seen.contains(&word) {
            continue;
        }
        let letters: Vec<char> = word.chars().collect();
        let is_latin = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c);
        let all_latin_like = letters
            .iter()
            .all(|&c| !c.is_alphabetic() || is_latin(c) || LATIN_LOOKALIKES.contains(c));
        let latin = letters.iter().filter(|&&c| is_latin(c)).count();
        let inside = letters.len() > 2
            && letters[1..letters.len() - 1]
                .iter()
                .any(|&c| LATIN_LOOKALIKES.contains(c));
        if all_latin_like && latin >= 2 && inside {
            seen.push(word);
        }
    }
    let first = seen
        .first()
        .map(|word| word.chars().take(EXAMPLE_CHARS).collect());
    (seen.len(), first)
}

/// Lower case, accents and invisible characters removed, letters in disguise and ligatures read
/// as the letters they show (`𝐖𝐈𝐍` is `win`, `ﬁ` is `fi`; only these: `Microsoft™` stays
/// `microsoft`, not `microsofttm`), whitespace and punctuation runs turned into single spaces,
/// with a space at both ends so that `" mot "` matches whole words.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len() + 2);
    folded.push(' ');
    let mut pending_space = false;
    let decomposed = text.chars().flat_map(|c| {
        // Compatibility decomposition for disguises only; canonical for everything else.
        let disguised = is_styled_letter(c) || ('\u{FB00}'..='\u{FB06}').contains(&c);
        let (compatible, canonical) = if disguised {
            (Some(std::iter::once(c).nfkd()), None)
        } else {
            (None, Some(std::iter::once(c).nfd()))
        };
        compatible
            .into_iter()
            .flatten()
            .chain(canonical.into_iter().flatten())
    });
    for c in decomposed {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        if c.is_alphanumeric() || matches!(c, '@' | '€' | '$' | '%') {
            if pending_space && !folded.ends_with(' ') {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // « l'identifiant » → « l identifiant »
            pending_space = true;
        } else {
            pending_space = true;
        }
    }
    if !folded.ends_with(' ') {
        folded.push(' ');
    }
    folded
}

/// How many of `phrases` (already folded, without the surrounding spaces) occur in `folded`
/// as whole words.
pub fn count_phrases(folded: &str, phrases: &[&str]) -> usize {
    phrases
        .iter()
        .filter(|phrase| contains_words(folded, phrase))
        .count()
}

/// The first of `phrases` that occurs in `folded` as whole words.
pub fn first_phrase<'p>(folded: &str, phrases: &[&'p str]) -> Option<&'p str> {
    phrases
        .iter()
        .copied()
        .find(|phrase| contains_words(folded, phrase))
}

fn contains_words(folded: &str, phrase: &str) -> bool {
    let mut start = 0;
    while let Some(found) = folded[start..].find(phrase) {
        let begin = start + found;
        let end = begin + phrase.len();
        let before_ok = folded[..begin].ends_with(' ');
        let after_ok = folded[end..].starts_with(' ');
        if before_ok && after_ok {
            return true;
        }
        start = begin + phrase.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mixing_alphabets_are_counted_and_whole_words_are_not() {
        // `Lооking fоr Lоvе? Lоvе`: Cyrillic о and е inside Latin words, each counted once.
        assert_eq!(
            mixed_script_words("L\u{43e}\u{43e}king f\u{43e}r L\u{43e}v\u{435}? L\u{43e}v\u{435}"),
            (3, Some(String::from("L\u{43e}\u{43e}king")))
        );
        for clean in [
            // Russian and Greek words beside English ones.
            "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} John, see \u{3b3}\u{3b5}\u{3b9}\u{3ac} you",
            // Units and Greek letters at the ends of medical terms.
            "Ferritine 35 \u{3bc}g/L, \u{3b1}FP 3,2 ng/mL, TNF\u{3b1}, IgG\u{3ba}, \u{3b2}-HCG n\u{e9}gatif",
            // Ukrainian typed with a Latin `i`: `аналiзiв`, `iнформацiю`.
            "\u{430}\u{43d}\u{430}\u{43b}i\u{437}i\u{432} i\u{43d}\u{444}\u{43e}\u{440}\u{43c}\u{430}\u{446}i\u{44e}",
            "Cr\u{e8}me br\u{fb}l\u{e9}e \u{e0} l'\u{e9}cole",
        ] {
            assert_eq!(mixed_script_words(clean), (0, None), "{clean}");
        }
    }

    #[test]
    fn folding_removes_case_accents_punctuation_and_invisible_characters() {
        assert_eq!(
            fold("Vérifiez  VOS\u{200B} identifiants !"),
            " verifiez vos identifiants "
        );
        assert_eq!(fold("l'Assurance Maladie"), " l assurance maladie ");
        assert_eq!(fold(""), " ");
    }

    #[test]
    fn letters_in_disguise_fold_to_the_letters_they_show() {
        assert_eq!(fold("𝐘𝐎𝐔 𝐀𝐑𝐄 𝐎𝐔𝐑 𝐖𝐈𝐍𝐍𝐄𝐑"), " you are our winner ");
        assert_eq!(fold("ｇｒａｔｕｉｔ Ⓦⓘⓝ ﬁchier"), " gratuit win fichier ");
        assert_eq!(fold("Microsoft™ Account n° ½"), " microsoft account n ½ ");
        assert!("𝐖Ａⓦ🄰".chars().all(is_styled_letter));
        assert!(!"Wéœ2€ ".chars().any(is_styled_letter));
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let text = fold("Votre RIB a changé, merci de mettre à jour l'IBAN.");
        assert_eq!(count_phrases(&text, &["rib", "iban", "bank"]), 2);
        assert_eq!(count_phrases(&fold("caribou tribune"), &["rib"]), 0);
        assert_eq!(
            first_phrase(&text, &["mettre a jour", "rib"]),
            Some("mettre a jour")
        );
    }
}
