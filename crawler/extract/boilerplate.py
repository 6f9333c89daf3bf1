"""Boilerplate vocabularies and the rules that recognise them.

Grouped by concept (related stories, navigation, share, ads, newsletter,
comments, captions and credits, ...) so every rule returns its name and a
debugging view can say *why* a block was dropped.  Every rule is general page
furniture seen across news sites, never one page or one site.

Three kinds of rule:

- ``line_reason``: a whole line (paragraph) that is furniture on its own,
  such as "Advertisement" or "ALSO READ: ...".  Prose never matches: the
  patterns are anchored on both ends or need a label-like separator, and long
  lines are never furniture.
- ``heading_reason``: a line that introduces a block of teasers (other
  stories' titles and excerpts), such as "Latest from World" or "Don't Miss";
  the teasers after it go with it.
- ``node_reason``: an element whose tag, class or id marks a whole subtree
  as furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

# Longer lines are prose that happens to start with a trigger word.
MAX_BOILERPLATE_WORDS = 25
# Rules whose pattern is specific enough for long lines (captions run long).
LONG_LINE_RULES = frozenset({"caption"})
MAX_CAPTION_WORDS = 80
# Section headings and labels are short, and are not sentences.
MAX_HEADING_WORDS = 8
_SENTENCE = re.compile(r"(?<![.…])[.!?][\"'”’)]*$")

# Label separators ("Read more: x", "Related | x", "Related - x"); a hyphen only
# with a space before it, so "Related-party deals" stays prose.
_SEP = r"(\s*[–—:|>»•·.…]+|\s+-+)\s*"


def _line(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- whole lines, by concept ---------------------------------------------------------

LINE_RULES: dict[str, re.Pattern[str]] = {
    # "ALSO READ-<title>", "ALSO READ: <title>", "Read more: <title>", "Related: <title>"
    "related": _line(
        r"^(also read|read also|lire aussi|à lire aussi|a lire aussi|lesen sie auch|"
        r"auch interessant|leia também|veja também|lee también|lea también|leggi anche|"
        r"lees ook|czytaj też|czytaj także)\s*[-–—:|>»•·.…]*\s*\S.*$"
        r"|^see also\s+\S.*$"
        # Labels that also open prose ("Mehr zum Thema Energie ...") count with a separator only.
        r"|^(mehr zum thema|das könnte sie auch interessieren|auch lesenswert|weiterlesen|"
        r"sur le même sujet|à lire également|a lire également|voir aussi|"
        r"te puede interesar|también te puede interesar|noticias relacionadas|"
        r"potrebbe interessarti|articoli correlati|você também pode gostar|"
        r"zie ook|you may also like|you might also like)\s*[-–—:|>»•·]+\s*\S.*$"
        rf"|^(see also|read more|more reading|further reading|"
        rf"related( (posts?|articles?|stories|story|coverage|content|reading|links?|news|"
        rf"videos?|topics))?|recommended( reading| stories| articles)?|"
        rf"most (read|popular|viewed|shared))({_SEP}.*)?$"
    ),
    "navigation": _line(
        r"^([«‹<←]\s*)?(previous|prev|next|older|newer)( (story|post|article|page|entry))?"
        r"(\s*[»›>→])?$"
        r"|^(go ?to ?top|back to top|to top|scroll to top|skip to (main )?content)$"
        r"|^(home|menu|search|close)$"
    ),
    "share": _line(
        r"^follow (us|@\w+|[\w .'’-]{1,40}) on (twitter|facebook|instagram|x|linkedin|youtube|"
        r"tiktok|threads|bluesky)\b.{0,60}$|"
        r"^(share( this)?( (article|story|post|page|on \w+( \w+)?|via \w+))?|"
        r"tweet|email|e-mail|print|pin( it)?|whatsapp|copy link|copy url|copied!?|"
        r"(click|tap) to (share|email|print)\b.*|"
        r"(facebook|twitter|linkedin|reddit|pinterest|telegram|whatsapp|email)"
        r"([\s,|·]+(facebook|twitter|linkedin|reddit|pinterest|telegram|whatsapp|email|"
        r"print|x))*)\s*:?$"
    ),
    "tags": _line(r"^(tags?|topics|keywords|filed under)\s*:.*$|^(tags?|topics|keywords)$"),
    "ads": _line(
        r"^(advertisements?|advertising|adverts?|ad|ads|sponsored( content| links?| stories)?|"
        r"paid (content|post)|promoted( content)?|"
        r"(story|article|content) continues below( this)?( advertisement| ad)?|"
        r"continue reading( the main story| below)?|scroll to continue( with content)?|"
        r"(remove|hide) ads?|report (this )?ad)\s*[:.…]*$"
    ),
    "newsletter": _line(
        r"^(sign up|subscribe|register)\b.{0,80}"
        r"\b(newsletters?|inbox|updates|alerts|email|channel)\b.*$"
        r"|^[\w'’ &-]{0,40}newsletters?\s*:?$"
        r"|^get (the|our)\b.{0,60}\b(in|to|delivered to|straight to) your inbox\b.*$"
        r"|^(enter your email( address)?|your email( address)?|"
        r"thanks? (you )?for (signing up|subscribing)!?|you'?re all set!?)\s*[.!:]?$"
        r"|^by (signing up|subscribing|clicking)\b.{0,120}\b(terms|privacy)\b.*$"
    ),
    "comments": _line(
        r"^(leave a (reply|comment)|post a comment|add a comment|"
        r"join the (conversation|discussion)|(view|show|hide|read) (all )?(\d+ )?comments|"
        r"comments?( \(\d+\))?|\d+ (comments?|replies)|cancel reply)\s*[:.]?$"
        # Older comment sections: per-comment links, closed threads, "posted by" headers.
        r"|^(report (this )?(comment|post|abuse)|report abuse|reply( to this( comment| post)?)?|"
        r"(add|write|submit|post) (a |your )?(comment|reply)|have your say|"
        r"(readers?[’']? |user |your )comments?( \(\d+\))?|comments are closed|"
        r"\d+ (comments|replies) so far|be the first to comment|"
        r"you must be (logged|signed) in to (post|leave|add) a (comment|reply))\s*[:.!]?$"
        r"|^posted by \S+( \S+){0,4} (on|at) [^.!?]{0,40}\d[^.!?]{0,40}$"
    ),
    # Rows of empty table cells ("| | |"), left of layout tables.
    "empty-cells": _line(r"^\|[\s|:-]*$"),
    # Poll and sidebar widget controls of older layouts.
    "sidebar": _line(
        r"^(vote( now)?|view( the)? results|poll results|previous polls|"
        r"(online|reader|readers[’']?|daily|weekly|today[’']?s|quick) poll)\s*[:!]?$"
    ),
    "credit": _line(
        r"^\(?((photo|image|picture|photograph|video|graphic|illustration)s?"
        r"( credit)?|credit|source|courtesy)\s*[:/]\s*\S.{0,120}$"
        r"|^\(?(\w+ )?(photo|image)s? (by|courtesy of|via)\b.{0,100}$"
        r"|^(getty images|ap|afp|reuters|shutterstock|istock)( photo)?$"
    ),
    # A caption that ends on its credit: "... (credit: NASA)", "... (AP Photo/Jane Doe)".
    "caption": _line(
        r"^.{0,400}\((photo|image|picture|credit|courtesy)\b[^()]{0,100}\)\s*$"
        r"|^.{0,400}\((ap|afp|epa|reuters|getty)( images)?\s*(photo)?\s*/[^()]{0,100}\)\s*$"
        r"|^.{0,400}\b(photos?|images?|pictures?)\s*(©|\(c\)|copyright\b).{0,100}$"
        # "... at dawn. Staff photo by Jane Okafor": a sentence, then its credit, unpunctuated.
        r"|^.{0,400}[.!?]\s+((staff|file|contributed) )?(photo|photograph|image|picture)s? "
        r"(by|courtesy( of)?)\s+[^.!?]{1,60}$"
    ),
    # Caption and credit labels of image viewers.
    "caption-label": _line(
        r"^((image|media) (copyright|caption)\b.{0,150}|(hide|toggle|show) caption|"
        r"enlarge this image|(click|tap) to (enlarge|expand)( image)?|view (image|gallery)|"
        r"(click|tap) (the )?(photo|image|picture) to (enlarge|expand)|"
        r"enlarge (the )?(photo|image|picture)|buy (this|the) (photo|image|print)|"
        r"(photo|picture|image) gallery|view (larger|full[- ]size) (photo|image)|"
        r"\d+ (photos|images)|photo \d+ of \d+)\s*[.:]?$"
    ),
    # Contributor notes and contact lines closing wire and staff stories.
    "contributors": _line(
        r"^.{0,100}\b(contributed|contributing) (reporting )?(to )?(this|the) "
        r"(report|story|article)\s*[.)]?$"
        r"|^\(?(additional )?(reporting|writing|editing) by\b.{0,200}$"
        r"|^(reach|contact|email|e-mail|follow) (the )?(reporters?|writers?|authors?)"
        r"( \w+){0,3}( at| on| via|:)\s.{0,150}$"
    ),
    "copyright": _line(
        r"^(©|\(c\)|copyright\s*(©|\(c\)|(19|20)\d\d)).{0,200}$|^copyright\b[^.!?]{0,200}$"
        r"|^.{0,200}\ball rights reserved\b.{0,100}$"
        r"|^this material may not be published, broadcast, rewritten,? or redistributed\.?$"
    ),
    "reading-time": _line(
        r"^(\d+\s*(min|mins|minutes?)\s*(read|reading)|(estimated )?reading time\s*:?.{0,20}|"
        r"tempo de leitura\s*:?.{0,20}|lesezeit\s*:?.{0,20}|temps de lecture\s*:?.{0,20}|"
        r"tiempo de lectura\s*:?.{0,20})$"
    ),
    # Subscription walls and sign-in prompts.
    "paywall": _line(
        r"^(subscribe( now| today)?|already (a subscriber|have an account)\??.{0,40}|"
        r"(subscribe|sign in|log in) to (continue|keep) reading.{0,60}|"
        r"this (article|content|story) is (only )?(available )?(for|to) "
        r"(subscribers|members).{0,60}|"
        r"sign in|log in|log out|register|create (a free )?account)\s*[.!]?$"
    ),
    # Site widgets: players, script fallbacks, cookie banners.
    "widget": _line(
        r"^(loading( video| comments)?\s*\.*|please enable javascript\b.{0,100}|"
        r"(your|this) browser does not support\b.{0,100}|"
        r"listen to (this|the) (article|story)\b.{0,30}|"
        r"play video|skip ad|(we|this (site|website)) uses? cookies\b.{0,200})$"
    ),
}

# Lines that open a block of other stories' teasers (titles, dates, excerpts).
HEADING_RULES: dict[str, re.Pattern[str]] = {
    "related": _line(
        r"^(related( (posts?|articles?|stories|coverage|content|reading|links|news|videos?|"
        r"topics))?|"
        r"(latest|more|recent|top|popular) (from|in|on|stories|news|posts|articles)\b.{0,60}|"
        r"more (stories|articles|news)( like this)?|"
        r"don[’']?t miss( this| these)?|"
        r"(you|we think you) (may|might|will|would) (also )?"
        r"(like|love|enjoy|be interested in)( this| these)?|"
        r"(also|further) (read|see|reading)|see also|read (more|next)|"
        r"recommended( for you| reading| stories| articles)?|editor[’']?s? (picks?|choice)|"
        r"most (read|popular|viewed|shared)|trending( now| stories| news)?|"
        r"in (other|case you missed|related) news|what to read next|up next|"
        r"(more|other) (in|from) this (category|section|series)|"
        r"other (stories|news|headlines|articles)|more headlines|"
        r"mehr zum thema|das könnte sie auch interessieren|weitere artikel|ähnliche beiträge|"
        r"sur le même sujet|à lire aussi|articles similaires|noticias relacionadas|"
        r"te puede interesar|articoli correlati|potrebbe interessarti|"
        r"leia também|veja também|lees ook|gerelateerde artikelen)\s*[:.…]*$"
    ),
    # Section headings of older sidebars and front-page boxes, set as a line of their own.
    "sidebar": _line(
        r"^((local|world|national|international|business|breaking|top) news|"
        r"sports?|entertainment|obituaries|classifieds|weather|opinion|editorials?|"
        r"letters to the editor|lifestyles?|features|real estate|jobs|autos|"
        r"community( news| calendar)?|events( calendar)?|(online|reader|daily|weekly) poll|"
        r"top stories|headlines)\s*[:.…]*$"
    ),
    "navigation": _line(
        r"^([«‹<←]\s*)?(previous|prev|next|older|newer) (story|post|article|entry)(\s*[»›>→])?$"
    ),
    "tags": _line(r"^(tags?|topics|keywords|filed under)\s*:?$"),
    "newsletter": _line(r"^[\w'’ &-]{0,40}newsletters?\s*:?$"),
}

# --- elements, by concept ------------------------------------------------------------

DROP_TAGS = frozenset({"script", "style", "noscript", "iframe", "form", "button", "svg", "ins"})

# Class/id words of containers that never hold the article's own text.  Each
# pattern must cover whole ``-``-separated parts of a class or id token
# (camelCase and underscores count as separators): "related" matches
# "single-related-posts" and "relatedPosts" but not "unrelated".
_NODE_WORDS: dict[str, str] = {
    "related": r"related|relatedposts|jp-relatedposts|yarpp|crp-list|"
    r"also-?read|read-?more|more-(stories|from|news|articles)|"
    r"recommend(ed|ations?)?|recirc(ulation)?|outbrain|taboola|"
    r"(you-)?(may|might)-(also-)?like|popular-posts|most-(read|popular|viewed)|"
    r"bottom-posts|posts-small|content-dock|trending",
    "navigation": r"nav|navbar|navigation|menu|breadcrumbs?|post-nav(igation)?|nav-links|"
    r"pagination|pager|back-?to-?top|skip-?link|single-navigation",
    "share": r"share|sharing|sharedaddy|social|addthis|sd-like|likes?-widget|post-likes|"
    r"jp-post-flair|post-flair|heateor|sassy|a2a-kit|addtoany|shariff|essb",
    "tags": r"(entry|post|article|single)-tags|tag-?(list|cloud|links)|tagcloud|tags",
    "ads": r"ad|ads|advert(isement|ising)?s?|adsbygoogle|ad-?(slot|unit|container|wrapper|"
    r"placeholder|label)|dfp|gpt-ad|sponsor(ed)?|native-ad|td-a-rec|a-rec|td-adspot|"
    r"code-block-\d+|advads|quads-location|google-auto-placed|ezoic-ad|adinserter|"
    r"wordads|wpcnt|wpa|wpa-about",
    "newsletter": r"newsletters?|subscribe|subscriptions?|sign-?up|opt-?in|mailchimp|mc4wp|"
    r"mailpoet|jetpack-subscribe|wp-block-jetpack-subscriptions|tnp|convertkit|sib-form",
    "comments": r"comments?|commentlist|disqus|respond",
    "author": r"author-(box|bio|info|card|details|description|profile)|about-(the-)?author|"
    r"saboxplugin|saboxplugin-wrap|abh-box|m-a-box|pp-multiple-authors-boxes|"
    r"wp-block-post-author-biography|td-author-box|ast-author-box",
    "caption": r"wp-caption(-text)?|caption|figcaption|(image|photo|media)-credits?|"
    r"credits?-(line|text)",
}
NODE_RULES: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"(?:^|-)(?:{words})(?:-|$)") for name, words in _NODE_WORDS.items()
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _marker_tokens(element: HtmlElement) -> list[str]:
    """Each class or id token, lowercased, with ``-`` between its parts."""
    raw = f"{element.get('class', '')} {element.get('id', '')}"
    return [_CAMEL.sub("-", tok).lower().replace("_", "-") for tok in raw.split()]


# Necessary conditions (on the line and its casefolded copy) of the line rules
# whose patterns look anywhere in a line ("^.{0,400}\(photo"): the regex engine
# backtracks over every character of every paragraph for them, a cheap test
# does not (bench/extract_cost.py).  A guard must hold whenever its rule can
# match: it saves time and never changes an answer (tests/test_clean_snippets.py).
Guard = Callable[[str, str], bool]


def _copyright_sign(low: str) -> bool:
    return "©" in low or "(c)" in low or "copyright" in low


# Words a picture credit names ("Staff photo by ...", "Images courtesy of ..."): searched
# with the rule's own flags, so it holds wherever the rule's pattern does.
_PICTURE_WORD = re.compile(r"photo|image|picture", re.IGNORECASE)

LINE_GUARDS: dict[str, Guard] = {
    # "(... )" credits end the line; "© ..." names a right; "... photo by X" names a picture.
    "caption": lambda line, low: (
        line.endswith(")")
        or _copyright_sign(low)
        or ((" by " in low or "courtesy" in low) and _PICTURE_WORD.search(line) is not None)
    ),
    "contributors": lambda line, low: (
        "contribut" in low
        or " by" in low
        or low.lstrip("(").startswith(("reach", "contact", "email", "e-mail", "follow"))
    ),
    "copyright": lambda line, low: (
        _copyright_sign(low) or "all rights reserved" in low or low.startswith("this material")
    ),
}


class _Combined:
    """``rules`` as one alternation, in their order: one regex call per line.

    The same answers as trying each rule in turn (the first alternative that
    matches wins); group ``r<i>`` marks rule ``i``.  A rule whose guard fails
    on a line is left out of that line's alternation.
    """

    def __init__(
        self, rules: dict[str, re.Pattern[str]], guards: dict[str, Guard] | None = None
    ) -> None:
        self.rules = rules
        self.guards = {name: test for name, test in (guards or {}).items() if name in rules}
        self._tests = tuple(self.guards.values())
        # The alternation for each set of failed guards, by bit mask (guard i is bit i).
        self._variants: dict[int, tuple[list[str], re.Pattern[str] | None]] = {}

    def _variant(self, mask: int) -> tuple[list[str], re.Pattern[str] | None]:
        skipped = {name for i, name in enumerate(self.guards) if mask >> i & 1}
        names = [name for name in self.rules if name not in skipped]
        pattern = "|".join(f"(?P<r{i}>{self.rules[n].pattern})" for i, n in enumerate(names))
        found = self._variants[mask] = (
            names,
            re.compile(pattern, re.IGNORECASE) if names else None,
        )
        return found

    def reason(self, line: str) -> str | None:
        mask = 0
        if self._tests:  # a bit per failed guard: no set built per line (lines are hot)
            low = line.casefold()
            bit = 1
            for test in self._tests:
                if not test(line, low):
                    mask |= bit
                bit <<= 1
        found = self._variants.get(mask)
        names, pattern = found if found is not None else self._variant(mask)
        match = pattern.match(line) if pattern is not None else None
        return names[int(match.lastgroup[1:])] if match and match.lastgroup else None


_ANY_LINE = _Combined(LINE_RULES, LINE_GUARDS)
_LONG_LINE = _Combined({k: v for k, v in LINE_RULES.items() if k in LONG_LINE_RULES}, LINE_GUARDS)
_ANY_HEADING = _Combined(HEADING_RULES)


def line_reason(text: str) -> str | None:
    """Return the rule name that marks a whole line as boilerplate, or None."""
    words = text.split()
    if not words or len(words) > MAX_CAPTION_WORDS:
        return None
    rules = _LONG_LINE if len(words) > MAX_BOILERPLATE_WORDS else _ANY_LINE
    return rules.reason(" ".join(words))


def heading_reason(text: str) -> str | None:
    """Rule name when ``text`` is a heading that introduces teasers, or None."""
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return None
    line = " ".join(words)
    if _SENTENCE.search(line):
        return None
    return _ANY_HEADING.reason(line)


def node_reason(element: HtmlElement) -> str | None:
    """Return the rule name that marks an element as boilerplate, or None."""
    if not isinstance(element.tag, str):
        return None
    if element.tag in DROP_TAGS:
        return "markup"
    tokens = _marker_tokens(element)
    if not tokens:
        return None
    for name, pattern in NODE_RULES.items():
        if any(pattern.search(token) for token in tokens):
            return name
    return None
