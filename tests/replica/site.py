"""The replica's posts, their indexes, the mutations, and the ground truth.

Posts are kept in publication order (`Post.index`), with WordPress-like IDs
growing with time. Content comes from `random.Random` instances seeded with
strings made of the seed and a post's slot number, so the same seed always
gives the same site.

Quirks are assigned by rules on the generated slot number `k` (0, 1, 2, ... in
publication order of generated posts; the ten fixed real posts are not
counted). A replica of 72 or more posts carries every quirk (the second
duplicate, k = 61, is the first whose canonical points at its original);
`Site.quirks()` lists which posts carry which.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import count

from .content import OPINION_CATEGORIES, Draft, Writer
from .model import CATEGORIES, NOW, Author, Block, Kind, Post, ReplicaArticle, iso, slugify
from .seed import RESERVED_WINDOW, FixedPost, fixed_posts, read_seed_copy

START = datetime(2015, 3, 1, tzinfo=UTC)
CATEGORY_WEIGHTS: dict[str, int] = {
    "top-news": 22,
    "world-news": 14,
    "uk-news": 9,
    "london-news": 5,
    "eu-news": 5,
    "asean-news": 5,
    "uae-news": 7,
    "dubai": 5,
    "lite-blogs": 5,
    "columns": 6,
    "feature-story": 6,
    "media": 5,
    "events": 6,
}
SECOND_CATEGORY = {
    "london-news": "uk-news",
    "dubai": "uae-news",
    "uk-news": "london-news",
    "uae-news": "dubai",
}
NEWSDESK = Author("newsdesk", "Asian Lite Newsdesk")
AUTHORS = (
    NEWSDESK,
    Author("nadia-rahman", "Nadia Rahman"),
    Author("vikram-sethi", "Vikram Sethi"),
    Author("fiona-clarke", "Fiona Clarke"),
    Author("omar-haddad", "Omar Haddad"),
    Author("priya-menon", "Priya Menon"),
    Author("tomas-mendes", "Tomás Mendes"),
    Author("meera-iyer", "Meera Iyer"),
    Author("daniel-okafor", "Daniel Okafor"),
    Author("zoe-lim", "Zoë Lim"),
)
FIXED_COUNT = 10
MIN_ARTICLES = FIXED_COUNT + 10
WP_ID_START = 1201
WP_ID_STEP = 3  # revisions and attachments use the IDs in between
DUPLICATE_EVERY, DUPLICATE_AT = 41, 20


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def quirks_of(post: Post) -> list[str]:
    """Names of the quirks a post carries (see README)."""
    texts = [b.text for b in post.blocks if b.kind is Kind.PARA]
    checks = [
        ("seed", post.fixed == "seed"),
        ("duplicate", post.duplicate_of is not None),
        ("duplicate-canonical-to-original", post.canonical_to_original),
        ("tracking-params", post.tracked),
        ("two-categories", len(post.categories) > 1),
        ("standfirst-in-body", post.standfirst_in_body),
        ("old-markup", post.old_markup),
        ("no-author", not post.authors),
        ("two-authors", len(post.authors) > 1),
        ("no-standfirst", not post.summary),
        ("zero-width-chars", any("\u200b" in t for t in texts)),
        ("nbsp-in-text", any("\xa0" in t.strip("\xa0") for t in texts)),
        ("leading-nbsp", bool(texts) and texts[0].startswith("\xa0")),
        ("empty-paragraphs", any(b.kind is Kind.EMPTY for b in post.blocks)),
        ("also-read", any(b.kind is Kind.ALSO for b in post.blocks)),
        ("ad-slot", any(b.kind is Kind.AD for b in post.blocks)),
        ("tweet-embed", any(b.kind is Kind.TWEET for b in post.blocks)),
        (
            "slug-suffix-not-duplicate",
            post.slug[-2:-1] == "-" and post.slug[-1].isdigit() and not post.duplicate_of,
        ),
        ("comments-open", post.comments_open),
        ("related-posts", post.related),
        ("author-box", post.author_box),
    ]
    return [name for name, present in checks if present]


class Site:
    """All posts plus the lookups the pages need. Not thread-safe by itself:
    the server serialises mutations and rendering with one lock."""

    def __init__(self, articles: int, seed: int = 1) -> None:
        if articles < MIN_ARTICLES:
            raise ValueError(f"articles must be at least {MIN_ARTICLES} (got {articles})")
        self.seed = seed
        self.copy = read_seed_copy()
        self.posts: list[Post] = []
        self.version = 0  # bumped by every mutation
        self.clock = NOW  # time of the latest mutation
        self.by_path: dict[str, Post] = {}
        self.by_wp_id: dict[int, Post] = {}
        self.categories: dict[str, list[int]] = {slug: [] for slug in CATEGORIES}
        self.tags: dict[str, list[int]] = {}
        self.tag_names: dict[str, str] = {}
        self.authors: dict[str, list[int]] = {}
        self.author_names: dict[str, str] = {}
        self.months: dict[str, list[int]] = {}
        self._pub_ts: list[float] = []
        self._slugs: set[str] = set()
        self._taken: set[int] = set()
        self._slots = count()
        self._slot_posts: list[Post] = []
        self._mutation_rng = _rng(seed, "mutations")

        fixed = {spec.key: self._fixed_post(spec) for spec in fixed_posts(self.copy)}
        assert len(fixed) == FIXED_COUNT
        seed_post = fixed["seed"]
        seed_post.blocks.append(Block(Kind.ALSO, target=fixed["also-read"]))
        seed_post.bottom_override = tuple(
            fixed[f"latest-{n}"] for n in range(1, len(self.copy.latest) + 1)
        )
        seed_post.dock_override = tuple(
            fixed[f"dock-{n}"] for n in range(1, len(self.copy.dock) + 1)
        )
        self._taken.update(int(p.published.timestamp()) for p in fixed.values())

        generated = articles - FIXED_COUNT
        span = (NOW - timedelta(hours=2) - START).total_seconds()
        posts = list(fixed.values())
        for k in range(generated):
            jitter = 0.1 + 0.8 * _rng(seed, "time", k).random()
            moment = START + timedelta(seconds=int(span * (k + jitter) / generated))
            posts.append(self._generated_post(next(self._slots), moment))
        posts.sort(key=lambda p: p.published)
        for post in posts:
            self._append(post)
        self.clock = max(NOW, self.posts[-1].published, *(p.modified for p in self.posts))

    # ------------------------------------------------------------- building

    def _free_time(self, moment: datetime) -> datetime:
        if RESERVED_WINDOW[0] <= moment <= RESERVED_WINDOW[1]:
            moment = RESERVED_WINDOW[0] - timedelta(hours=1)
        stamp = int(moment.timestamp())
        while stamp in self._taken:
            stamp += 1
        self._taken.add(stamp)
        return datetime.fromtimestamp(stamp, UTC)

    def _unique_slug(self, base: str) -> str:
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        self._slugs.add(slug)
        return slug

    def _fixed_post(self, spec: FixedPost) -> Post:
        return Post(
            index=-1,
            wp_id=0,
            slug=self._unique_slug(slugify(spec.title)),
            title=spec.title,
            summary=spec.standfirst,
            published=spec.published,
            modified=spec.modified,
            categories=spec.categories,
            tags=spec.tags,
            authors=(),
            image=spec.image,
            caption=spec.caption,
            blocks=[Block(Kind.PARA, text) for text in spec.paragraphs],
            fixed=spec.key,
        )

    def _append(self, post: Post) -> None:
        post.index = len(self.posts)
        post.wp_id = WP_ID_START + WP_ID_STEP * post.index
        self.posts.append(post)
        self._pub_ts.append(post.published.timestamp())
        self.by_path[post.path] = post
        self.by_wp_id[post.wp_id] = post
        for slug in post.categories:
            self.categories[slug].append(post.index)
        for tag in post.tags:
            self.tag_names.setdefault(slugify(tag), tag)
            self.tags.setdefault(slugify(tag), []).append(post.index)
        for author in post.authors:
            self.author_names.setdefault(author.slug, author.name)
            self.authors.setdefault(author.slug, []).append(post.index)
        self.months.setdefault(f"{post.published:%Y/%m}", []).append(post.index)

    def _generated_post(self, k: int, moment: datetime) -> Post:
        """The post of generated slot k; quirks follow rules on k."""
        rng = _rng(self.seed, "post", k)
        previous = self._slot_posts[-1] if self._slot_posts else None
        if (
            k % DUPLICATE_EVERY == DUPLICATE_AT
            and previous is not None
            and previous.duplicate_of is None
        ):
            later = max(moment, previous.published + timedelta(hours=rng.randint(2, 20)))
            post = self._duplicate(previous, k, self._free_time(later))
        else:
            post = self._new_story(k, rng, self._free_time(moment))
        self._slot_posts.append(post)
        return post

    def _duplicate(self, original: Post, k: int, published: datetime) -> Post:
        """The same story posted again under another slug (WordPress adds "-2")."""
        return Post(
            index=-1,
            wp_id=0,
            slug=self._unique_slug(slugify(original.title)),
            title=original.title,
            summary=original.summary,
            published=published,
            modified=published,
            categories=original.categories,
            tags=original.tags,
            authors=original.authors,
            image=original.image,
            caption=original.caption,
            blocks=list(original.blocks),
            duplicate_of=original,
            canonical_to_original=(k // DUPLICATE_EVERY) % 2 == 1,
        )

    def _new_story(self, k: int, rng: random.Random, published: datetime) -> Post:
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        categories: tuple[str, ...] = (category,)
        if k % 5 == 2:
            second = SECOND_CATEGORY.get(
                category, "world-news" if category == "top-news" else "top-news"
            )
            categories = (category, second)
        opinion = category in OPINION_CATEGORIES
        authors: tuple[Author, ...]
        if k % 10 == 7 and not opinion:
            authors = ()
        elif k % 23 == 5:
            authors = tuple(rng.sample(AUTHORS[1:], 2))
        elif opinion or rng.random() < 0.6:
            authors = (rng.choice(AUTHORS[1:]),)
        else:
            authors = (NEWSDESK,)
        draft = Writer(rng).draft(category, published.year, int(rng.triangular(4, 15.99, 8)))
        summary = "" if k % 37 == 11 else self._standfirst(draft, authors, opinion, rng)
        roll = rng.random()
        if roll < 0.35:
            modified = published
        elif roll < 0.9:
            modified = published + timedelta(seconds=rng.randint(60, 6 * 3600))
        else:
            modified = max(
                published,
                min(published + timedelta(days=rng.randint(1, 400)), NOW - timedelta(hours=1)),
            )
        post = Post(
            index=-1,
            wp_id=0,
            slug=self._unique_slug(slugify(draft.title)),
            title=draft.title,
            summary=summary,
            published=published,
            modified=modified,
            categories=categories,
            tags=draft.tags,
            authors=authors,
            image=f"/wp-content/uploads/{published:%Y/%m}/{draft.image_stub}-{k}.jpg",
            caption="" if k % 3 == 1 else draft.caption,
            blocks=[],
            tracked=k % 8 == 3,
            comments_open=k % 3 == 0,
            author_box=bool(authors) and k % 4 == 2,
            related=k % 4 == 1,
        )
        post.blocks = self._blocks(k, rng, draft, post)
        return post

    @staticmethod
    def _standfirst(
        draft: Draft, authors: tuple[Author, ...], opinion: bool, rng: random.Random
    ) -> str:
        byline = authors[0].name if authors and authors[0] is not NEWSDESK else ""
        if opinion and byline:
            return f"{draft.standfirst}…writes {byline} for Asian Lite"
        if byline and rng.random() < 0.2:
            return f"{draft.standfirst}…reports {byline}"
        if rng.random() < 0.2:
            return f"{draft.standfirst}….reports Asian Lite News"
        return f"{draft.standfirst}…reports Asian Lite News"

    def _blocks(self, k: int, rng: random.Random, draft: Draft, post: Post) -> list[Block]:
        texts = list(draft.paragraphs)
        if k % 5 == 1:  # stray no-break spaces and a zero-width space
            texts[0] = texts[0].replace(" per cent", "\xa0per cent").replace(": ", ":\xa0", 1)
            words = texts[1].split(" ")
            words[min(2, len(words) - 1)] += "\u200b"
            texts[1] = " ".join(words).replace(". ", ".\xa0 ", 1)
        if k % 7 == 0:
            texts[0] = "\xa0" + texts[0]
        blocks = [Block(Kind.PARA, t) for t in texts]
        inserts: list[tuple[int, Block]] = []
        if k % 6 == 2:
            inserts += [(1, Block(Kind.EMPTY)), (len(texts) - 1, Block(Kind.EMPTY))]
        if k % 2 == 0 and len(texts) >= 4:
            inserts.append((2, Block(Kind.AD)))
        if k % 12 == 9 and len(texts) >= 5:
            inserts.append((3, Block(Kind.TWEET, "\n".join(draft.tweet))))
        recent = self._slot_posts[-60:]
        if recent and rng.random() < 0.6:
            inserts.append(
                (len(texts) // 2 + 1, Block(Kind.ALSO, target=rng.choice(recent), style=k % 2))
            )
            if rng.random() < 0.4:
                inserts.append(
                    (len(texts), Block(Kind.ALSO, target=rng.choice(recent), style=k % 2))
                )
        for position, block in sorted(inserts, key=lambda item: -item[0]):
            blocks.insert(position, block)
        if post.standfirst_in_body:
            blocks.insert(0, Block(Kind.REPEAT, post.summary))
        return blocks

    # ------------------------------------------------------------ mutations

    def add(self, k: int) -> list[Post]:
        """Publish k new posts, each newer than everything so far."""
        added: list[Post] = []
        for _ in range(k):
            slot = next(self._slots)
            self.clock += timedelta(seconds=_rng(self.seed, "time", slot).randint(300, 2400))
            post = self._generated_post(slot, self.clock)
            self.clock = max(self.clock, post.published)
            self._append(post)
            added.append(post)
        self.version += 1
        return added

    def update(self, n: int, newest: bool = False) -> list[Post]:
        """Edit n posts (append a paragraph) and bump their modified time: a random
        sample, or the ``newest``.  Fixed posts and duplicate pairs are left alone
        so they stay identical."""
        originals = {id(p.duplicate_of) for p in self.posts if p.duplicate_of is not None}
        eligible = [
            p
            for p in self.posts
            if not p.fixed and p.duplicate_of is None and id(p) not in originals
        ]
        count = min(n, len(eligible))
        picked = (
            eligible[len(eligible) - count :]
            if newest
            else self._mutation_rng.sample(eligible, count)
        )
        chosen = sorted(picked, key=lambda p: p.index)
        writer = Writer(self._mutation_rng)
        for post in chosen:
            self.clock += timedelta(seconds=self._mutation_rng.randint(60, 600))
            post.modified = self.clock
            post.blocks = [
                *post.blocks,
                Block(Kind.PARA, writer.extra_paragraph(post.categories[0])),
            ]
        self.version += 1
        return chosen

    # -------------------------------------------------------------- queries

    def latest(
        self,
        n: int,
        as_of: datetime | None = None,
        pool: Sequence[int] | None = None,
        exclude: Post | None = None,
    ) -> list[Post]:
        """The n newest posts of `pool` (all posts by default) published at or before `as_of`."""
        indexes: Sequence[int] = range(len(self.posts)) if pool is None else pool
        hi = len(indexes)
        if as_of is not None:
            hi = bisect_right(indexes, as_of.timestamp(), key=self._pub_ts.__getitem__)
        found: list[Post] = []
        for j in range(hi - 1, -1, -1):
            post = self.posts[indexes[j]]
            if post is not exclude:
                found.append(post)
                if len(found) == n:
                    break
        return found

    def page(self, pool: Sequence[int], number: int, per_page: int) -> list[Post]:
        """Page `number` (1-based) of a listing, newest first."""
        end = len(pool) - (number - 1) * per_page
        return [self.posts[pool[j]] for j in range(end - 1, max(end - per_page, 0) - 1, -1)]

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """WordPress's previous (older) and next (newer) post."""
        older = self.posts[post.index - 1] if post.index > 0 else None
        newer = self.posts[post.index + 1] if post.index + 1 < len(self.posts) else None
        return older, newer

    def bottom_posts(self, post: Post) -> list[Post]:
        """'Latest from <primary category>', as of the post's last save."""
        if post.bottom_override is not None:
            return list(post.bottom_override)
        return self.latest(4, post.modified, self.categories[post.categories[0]], post)

    def dock_posts(self, post: Post) -> list[Post]:
        """'Don't Miss': the newest posts sharing a tag, else the category's."""
        if post.dock_override is not None:
            return list(post.dock_override)
        found: dict[int, Post] = {}
        for tag in post.tags:
            for other in self.latest(2, post.modified, self.tags[slugify(tag)], post):
                found[other.index] = other
        picked = [found[i] for i in sorted(found, reverse=True)[:2]]
        for other in self.latest(3, post.modified, self.categories[post.categories[0]], post):
            if len(picked) < 2 and other not in picked:
                picked.append(other)
        return picked

    def related_posts(self, post: Post) -> list[Post]:
        return self.latest(3, post.modified, self.categories[post.categories[-1]], post)

    def quirks(self) -> dict[str, list[Post]]:
        found: dict[str, list[Post]] = {}
        for post in self.posts:
            for name in quirks_of(post):
                found.setdefault(name, []).append(post)
        return found

    # ---------------------------------------------------------- ground truth

    def truth(self, post: Post, base: str) -> ReplicaArticle:
        url = base + post.path
        original = post.duplicate_of
        return ReplicaArticle(
            url=url,
            canonical_url=base + original.path
            if original is not None and post.canonical_to_original
            else url,
            title=post.title,
            summary=post.summary,
            body_paragraphs=post.body_paragraphs(),
            authors=[a.name for a in post.authors],
            published=iso(post.published),
            modified=iso(post.modified),
            section=CATEGORIES[post.categories[0]],
            categories=[CATEGORIES[c] for c in post.categories],
            tags=list(post.tags),
            image=base + post.image,
            duplicate_of=base + original.path if original is not None else None,
        )
