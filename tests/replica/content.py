"""Deterministic, plausible news copy from word banks.

Everything here is fiction: people are invented, and sentences only combine
places, fields and numbers. One `random.Random` drives each story, so the same
seed always writes the same words.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# (dateline, name in titles, name in running text)
Place = tuple[str, str, str]

PLACES: dict[str, list[Place]] = {
    "south-asia": [
        ("NEW DELHI", "India", "India"),
        ("MUMBAI", "India", "India"),
        ("ISLAMABAD", "Pakistan", "Pakistan"),
        ("LAHORE", "Pakistan", "Pakistan"),
        ("DHAKA", "Bangladesh", "Bangladesh"),
        ("COLOMBO", "Sri Lanka", "Sri Lanka"),
        ("KATHMANDU", "Nepal", "Nepal"),
        ("KABUL", "Afghanistan", "Afghanistan"),
    ],
    "gulf": [
        ("ABU DHABI", "UAE", "the UAE"),
        ("DUBAI", "UAE", "the UAE"),
        ("SHARJAH", "UAE", "the UAE"),
        ("MUSCAT", "Oman", "Oman"),
        ("RIYADH", "Saudi", "Saudi Arabia"),
        ("DOHA", "Qatar", "Qatar"),
        ("MANAMA", "Bahrain", "Bahrain"),
    ],
    "uk": [
        ("LONDON", "UK", "the UK"),
        ("MANCHESTER", "UK", "the UK"),
        ("BIRMINGHAM", "UK", "the UK"),
        ("LEICESTER", "UK", "the UK"),
        ("EDINBURGH", "UK", "the UK"),
    ],
    "eu": [
        ("BRUSSELS", "EU", "the European Union"),
        ("BERLIN", "Germany", "Germany"),
        ("PARIS", "France", "France"),
        ("ROME", "Italy", "Italy"),
        ("MADRID", "Spain", "Spain"),
        ("THE HAGUE", "Netherlands", "the Netherlands"),
    ],
    "asean": [
        ("JAKARTA", "Indonesia", "Indonesia"),
        ("KUALA LUMPUR", "Malaysia", "Malaysia"),
        ("SINGAPORE", "Singapore", "Singapore"),
        ("MANILA", "Philippines", "the Philippines"),
        ("BANGKOK", "Thailand", "Thailand"),
        ("HANOI", "Vietnam", "Vietnam"),
    ],
    "world": [
        ("WASHINGTON", "US", "the United States"),
        ("NEW YORK", "US", "the United States"),
        ("BEIJING", "China", "China"),
        ("TOKYO", "Japan", "Japan"),
        ("MOSCOW", "Russia", "Russia"),
        ("TEHRAN", "Iran", "Iran"),
        ("CANBERRA", "Australia", "Australia"),
        ("OTTAWA", "Canada", "Canada"),
        ("NAIROBI", "Kenya", "Kenya"),
    ],
}

CATEGORY_REGIONS: dict[str, tuple[str, ...]] = {
    "top-news": ("south-asia", "gulf", "world", "uk"),
    "world-news": ("world", "south-asia", "eu", "gulf"),
    "uk-news": ("uk",),
    "london-news": ("uk",),
    "eu-news": ("eu",),
    "asean-news": ("asean",),
    "uae-news": ("gulf",),
    "dubai": ("gulf",),
}
OPINION_CATEGORIES = frozenset({"columns", "lite-blogs", "feature-story"})
CULTURE_CATEGORIES = frozenset({"media", "events"})

# (title word, running-text phrase)
FIELDS: list[tuple[str, str]] = [
    ("Trade", "trade"),
    ("Energy", "energy"),
    ("Defence", "defence"),
    ("Education", "education"),
    ("Tourism", "tourism"),
    ("Health", "healthcare"),
    ("Tech", "technology"),
    ("Climate", "climate action"),
    ("Food Security", "food security"),
    ("Culture", "cultural exchange"),
    ("Space", "space research"),
    ("Fintech", "digital payments"),
    ("Skills", "skills and training"),
    ("Shipping", "maritime trade"),
    ("Startups", "start-up investment"),
]

FIRST_NAMES = [
    "Aarav",
    "Nadia",
    "Imran",
    "Priya",
    "Farah",
    "Rohan",
    "Leila",
    "Omar",
    "Sunita",
    "Karim",
    "Meera",
    "Hassan",
    "Anjali",
    "Tariq",
    "Zara",
    "Vikram",
    "Ayesha",
    "Daniel",
    "Sofia",
    "Hiroshi",
    "Amelia",
    "Yusuf",
    "Kavya",
    "Joanna",
    "José",
    "Zoë",
    "Renée",
    "Arjun",
    "Salma",
    "Tomás",
]
LAST_NAMES = [
    "Sharma",
    "Rahman",
    "Khan",
    "Menon",
    "Haddad",
    "Iyer",
    "Qureshi",
    "Fernando",
    "Clarke",
    "Siddiqui",
    "Nair",
    "Bhatt",
    "Al Mansoori",
    "Tan",
    "Okafor",
    "Patel",
    "Hughes",
    "Lim",
    "Mendes",
    "Bakr",
]
ROLES = [
    "the country’s foreign minister",
    "the trade minister",
    "a senior official at the ministry",
    "a spokesperson for the ministry",
    "the ambassador",
    "an economist at a leading university",
    "the chief executive of the chamber of commerce",
    "a member of parliament",
    "the mayor",
    "the head of the industry body",
]
ORGS = [
    "the chamber of commerce",
    "the central bank",
    "the World Bank",
    "the International Monetary Fund",
    "the United Nations",
    "the Gulf Cooperation Council",
    "the industry federation",
    "the statistics office",
    "the high commission",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACTIONS = [
    "expand cooperation",
    "deepen ties",
    "boost investment",
    "strengthen their partnership",
    "set up a joint working group",
    "fast-track negotiations",
    "sign a memorandum of understanding",
]
BENEFITS = [
    "create thousands of jobs",
    "open new markets for small businesses",
    "cut costs for consumers",
    "attract long-term investment",
    "improve supply chains across the region",
    "help young people find skilled work",
]
CONCERNS = [
    "rising prices",
    "slowing global demand",
    "a shortage of skilled workers",
    "delays at ports",
    "concerns over regional security",
    "volatile energy markets",
]
FESTIVALS = [
    "Diwali Festival of Lights",
    "Eid Bazaar",
    "South Asian Film Week",
    "Spring Arts Fair",
    "Global Food Festival",
    "Heritage Week",
    "Asian Business Awards",
]
VENUES = [
    "the Royal Albert Hall",
    "the Expo City",
    "the Barbican",
    "the Cultural Foundation",
    "the Opera House",
]

TITLE_TEMPLATES = [
    "{A}, {B} Deepen Ties in {F}",
    "{A} and {B} Sign Pact on {F}",
    "{A} Unveils New Plan to Boost {F}",
    "{S} Calls for Stronger {F} Cooperation",
    "{C} to Host Summit on {F}",
    "{A_s} {F} Sector Posts Record Growth",
    "{A} Fast-Tracks {F} Talks With {B}",
    "{A} Clears {F} & Investment Bill",
    "{A} Moves to Ease {F} Rules for {B} Firms",
    "{B} Eyes Bigger Role in {A_s} {F} Push",
]
OPINION_TITLES = [
    "Why {A} Is Betting Big on {F}",
    "The Quiet Rise of {A_s} {F} Story",
    "What {B} Can Learn From {A} on {F}",
    "{F}: Time for {A} to Think Long Term",
]
CULTURE_TITLES = [
    "{C} Gears Up for {E}",
    "{E} Returns to {C} With Bigger Line-Up",
    "Crowds Flock to {E} in {C}",
    "{S} Wows Audience at {V}",
]

SENTENCES = [
    "{A_T} and {B_t} on {W} agreed to {act} in {f}, a move officials said would {ben}.",
    "The agreement was signed after talks between delegations led by {P}, {R}, "
    "and counterparts from {B_t}.",
    "According to {O}, bilateral {f} between the two sides grew by {pct} per cent last year.",
    "Officials said the first projects under the plan would be launched before the end of {Y}.",
    "The move comes amid {con}, which has weighed on growth across the region.",
    "Analysts said the deal could {ben} if it is implemented on time.",
    "{P} told reporters that both sides had identified {n} priority areas for joint work.",
    "The two countries have also discussed a framework to {act} in {f2}.",
    "Trade between {A_t} and {B_t} is worth about ${bn} billion a year, official figures show.",
    "Business leaders welcomed the announcement but called for clearer rules on licensing.",
    "A joint committee will meet every six months to review progress, the statement added.",
    "Earlier this year, {A_t} announced incentives worth ${bn} billion to support {f}.",
    "Opposition lawmakers questioned the cost of the scheme and asked for a detailed review.",
    "The plan also includes scholarships for {k}00 students and training for local officials.",
    "Industry figures suggest the sector employs more than {k}00,000 people.",
]
QUOTES = [
    "“This is a new chapter in our relationship,” said {P}, {R}.",
    "“We want to {act} in a way that benefits ordinary people,” {P} said.",
    "“The ground is ready for more ambitious steps,” {P}, {R}, told Asian Lite.",
    "“Our priority is to {ben},” {P} said, adding that talks would continue next month.",
    "“There is a lot of goodwill on both sides,” said {P}.",
]
CULTURE_SENTENCES = [
    "The {E} opened at {V} on {W} with performances by artists from {A_t} and {B_t}.",
    "Organisers said more than {n},000 visitors were expected over the weekend.",
    "The programme includes music, food stalls, film screenings and a fashion show.",
    "{P}, one of the organisers, said the event celebrated the diversity of the community.",
    "Tickets for the closing night sold out within hours, according to the organisers.",
    "Local businesses said the festival brought a welcome boost in footfall.",
]
OPINION_SENTENCES = [
    "For years, {A_t} treated {f} as an afterthought; that is no longer the case.",
    "The numbers tell only part of the story, and the rest is about trust.",
    "Critics argue that the approach favours large companies over small ones.",
    "It is worth remembering how quickly {B_t} changed course on {f2} a decade ago.",
    "The real test will be whether the promises survive the next budget.",
    "None of this will matter unless the benefits reach ordinary households.",
]
STANDFIRSTS = [
    "{P_short} said the agreement would {ben}",
    "The two sides also discussed cooperation in {f2} and the situation in the region",
    "Officials said the plan would be rolled out in phases over the next {n} years",
    "The announcement comes amid {con} and growing pressure on the government",
    "Both sides agreed to set up a joint working group to monitor progress",
]
OPINION_STANDFIRSTS = [
    "The choices made now on {f} will shape the next decade",
    "Behind the headline numbers lies a more complicated picture",
    "Ambition is welcome, but delivery is what counts",
]
CULTURE_STANDFIRSTS = [
    "The event brought together artists, chefs and families from across the community",
    "Organisers said this year’s edition was the biggest so far",
]
CAPTIONS = [
    "{P} addresses a press conference in {C_t}. (File)",
    "Representative image (Photo: Asian Lite)",
    "Delegations from {A_t} and {B_t} during the talks in {C_t}",
    "Visitors at the {E} in {C_t}",
]
TWEET_TEXTS = [
    "Productive talks today on {f}. Looking forward to the next steps.",
    "Delighted to welcome the delegation from {B_t}. Strong partnership ahead!",
    "Great energy at the {E} this evening. Thank you all for coming.",
]


@dataclass
class Draft:
    title: str
    standfirst: str  # without the sign-off
    paragraphs: list[str]
    tags: tuple[str, ...]
    caption: str
    image_stub: str
    tweet: tuple[str, str, str]  # (name, handle, text)


class Writer:
    """Writes one story from an RNG: headline, standfirst, paragraphs, tags."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def draft(self, category: str, year: int, paragraphs: int) -> Draft:
        rng = self.rng
        regions = CATEGORY_REGIONS.get(category) or tuple(PLACES)
        home = self.pick(PLACES[self.pick(regions)])
        other = self.pick(
            [p for p in PLACES[self.pick(tuple(PLACES))] if p[1] != home[1]] or [home]
        )
        field_t, field_p = self.pick(FIELDS)
        field2 = self.pick([f for f in FIELDS if f[0] != field_t])[1]
        person = f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"
        festival = self.pick(FESTIVALS)
        values = {
            "A": home[1],
            "A_s": home[1] + ("’" if home[1].endswith("s") else "’s"),
            "B": other[1],
            "A_t": home[2],
            "A_T": home[2][0].upper() + home[2][1:],
            "B_t": other[2],
            "C": home[0].title(),
            "C_t": home[0].title(),
            "F": field_t,
            "f": field_p,
            "f2": field2,
            "S": person.rsplit(maxsplit=1)[-1],
            "P": person,
            "P_short": person.rsplit(maxsplit=1)[-1],
            "R": self.pick(ROLES),
            "O": self.pick(ORGS),
            "W": self.pick(WEEKDAYS),
            "E": festival,
            "V": self.pick(VENUES),
            "Y": str(year),
        }
        if category in OPINION_CATEGORIES:
            titles, bodies, stands = (
                OPINION_TITLES,
                OPINION_SENTENCES + SENTENCES,
                OPINION_STANDFIRSTS,
            )
        elif category in CULTURE_CATEGORIES:
            titles, bodies, stands = CULTURE_TITLES, CULTURE_SENTENCES, CULTURE_STANDFIRSTS
        else:
            titles, bodies, stands = TITLE_TEMPLATES, SENTENCES, STANDFIRSTS
        title = self._fill(self.pick(titles), values)
        standfirst = self._fill(self.pick(stands), values)
        paras = [self._lead(home, values, category)]
        for _ in range(paragraphs - 1):
            if rng.random() < 0.25:
                paras.append(self._fill(self.pick(QUOTES), values))
            else:
                count = self.pick((1, 2, 2, 3))
                paras.append(" ".join(self._fill(self.pick(bodies), values) for _ in range(count)))
        tags = tuple(
            dict.fromkeys(
                (home[1], other[1], field_t if category not in CULTURE_CATEGORIES else "Culture")
            )
        )
        caption = self._fill(self.pick(CAPTIONS), values)
        handle = "".join(part for part in person.split() if part.isascii())[:15] or "AsianLite"
        tweet = (person, handle, self._fill(self.pick(TWEET_TEXTS), values))
        return Draft(
            title, standfirst, paras, tags, caption, f"{home[1]}-{field_t}".replace(" ", "-"), tweet
        )

    def extra_paragraph(self, category: str) -> str:
        """A paragraph added by an edit (update_articles)."""
        rng = self.rng
        values = {
            "P": f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}",
            "n": str(rng.randint(2, 9)),
            "W": self.pick(WEEKDAYS),
        }
        templates = [
            "Update: Officials confirmed on {W} that the first phase would begin within {n} weeks.",
            "Update: {P}, a spokesperson, said on {W} that further details would be "
            "published shortly.",
            "This story has been updated with a statement issued on {W}.",
        ]
        return self._fill(self.pick(templates), values)

    def _lead(self, home: Place, values: dict[str, str], category: str) -> str:
        rng = self.rng
        if category in CULTURE_CATEGORIES:
            sentence = self._fill(CULTURE_SENTENCES[0], values)
        elif category in OPINION_CATEGORIES:
            sentence = self._fill(OPINION_SENTENCES[0], values)
        else:
            sentence = self._fill(SENTENCES[0], values)
        follow = self._fill(self.pick(SENTENCES[1:4]), values)
        lead = f"{sentence} {follow}"
        if category not in OPINION_CATEGORIES and rng.random() < 0.6:
            return f"{home[0]}: {lead}"
        return lead

    def _fill(self, template: str, values: dict[str, str]) -> str:
        return template.format_map(_Slots(values, self.rng))

    def pick(self, options: Sequence[T]) -> T:
        """random.choice, cheaper: thousands of stories are written at start-up."""
        return options[int(self.rng.random() * len(options))]


def _number(low: int, high: int) -> Callable[[random.Random], str]:
    return lambda rng: str(low + int(rng.random() * (high - low + 1)))


def _phrase(options: Sequence[str]) -> Callable[[random.Random], str]:
    return lambda rng: options[int(rng.random() * len(options))]


# Placeholders drawn afresh for each sentence that uses them.
FRESH: dict[str, Callable[[random.Random], str]] = {
    "pct": _number(3, 38),
    "n": _number(2, 12),
    "k": _number(2, 9),
    "bn": _number(2, 95),
    "act": _phrase(ACTIONS),
    "ben": _phrase(BENEFITS),
    "con": _phrase(CONCERNS),
}


class _Slots(dict[str, str]):
    """A story's fixed values; other placeholders come from FRESH on demand."""

    def __init__(self, values: dict[str, str], rng: random.Random) -> None:
        super().__init__(values)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return FRESH[key](self.rng)
