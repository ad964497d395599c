"""Narrative retrieval for answers: filtered hybrid search, the answering sentence picked out, and a
citation to the original line it stands on."""

from __future__ import annotations

import re

from index.search import Hit, LoadedIndex
from index.store import Filters, ReportRow
from qa.known_places import agency_name
from qa.lexicon import lexicon, segmenter
from qa.lookup import display_name
from qa.models import Citation, Passage

_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
# Bigrams too common in these reports to say anything about relevance.
_COMMON = frozenset(
    [
        "政府",
        "府信",
        "信息",
        "息公",
        "公开",
        "开工",
        "工作",
        "年度",
        "报告",
        "情况",
        "我镇",
        "我乡",
        "我区",
        "人民",
        "民政",
        "本年",
        "进一",
        "一步",
        "是否",
        "多少",
        "哪些",
        "什么",
        "如何",
        "怎么",
        "怎样",
    ]
)
# Characters that only glue a question together: 的联 in 的联系电话 is no content.
_FUNCTION_CHARS = frozenset("的了吗呢吧啊是")
MIN_SHARED_BIGRAMS = 2  # a passage must share this many content bigrams with the question…
MIN_DENSE_SCORE = 0.45  # …or be this similar to it, or the reports are taken not to say
AGREED_RANK = 3  # …or share one and stand this high in both the lexical and the dense ranking
CANDIDATES_PER_ANSWER = 4  # passages ranked per passage returned, before relevance is judged


def content_bigrams(text: str, ignore: set[str] | None = None) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff0-9a-zA-Z]", "", text)
    grams = {han[i : i + 2] for i in range(len(han) - 1)}
    return {g for g in grams if not _FUNCTION_CHARS.intersection(g)} - _COMMON - (ignore or set())


_COUNTED = re.compile(r"\d+\s*(?:条|件|篇|个|次|项|期|场|人次|份|家|%|％)")


def states_a_count(sentence: str) -> bool:
    return _COUNTED.search(sentence) is not None


def best_sentence(
    wanted: set[str], text: str, context: set[str] | None = None, counts: bool = False
) -> tuple[str, int]:
    """The passage sentence sharing most of the wanted bigrams, and how many it shares; ``context``
    (its headings' bigrams) counts with every sentence, since a heading governs all of its text.
    ``counts``: the question asks how many, and a sentence that states a count is worth one more bigram."""
    context = context or set()
    best, shared, score, after = "", -1, -1, ""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    for index, sentence in enumerate(sentences):
        overlap = len(wanted & (content_bigrams(sentence) | context))
        bonus = 1 if counts and overlap and _COUNTED.search(sentence) else 0
        if overlap + bonus > score:
            best, shared, score = sentence, overlap, overlap + bonus
            after = sentences[index + 1] if index + 1 < len(sentences) else ""
    if counts and best and not _COUNTED.search(best) and _COUNTED.search(after):
        best += after  # 开展了政府信息公开工作。截止…，共公布各类信息16条: the count its next sentence gives
    return best, max(shared, 0)


def _line_of(normalised: list[str], first: int, last: int, sentence: str) -> int:
    probe = sentence[: min(12, len(sentence))]
    for line in range(first, last + 1):
        if probe and probe in normalised[line - 1]:
            return line
    return first


def original_span(normalised_line: str, original_line: str, sentence: str) -> str:
    """The sentence as the original line writes it (traditional script, full-width marks), or its part on
    this line when it runs on. Normalisation keeps a line's length unless it dropped pinyin annotations;
    then only a sentence written identically can be shown."""
    probe = sentence[: min(12, len(sentence))]
    start = normalised_line.find(probe) if probe else -1
    if start < 0:
        return ""
    end = start + len(sentence) if normalised_line.startswith(sentence, start) else len(normalised_line)
    if len(normalised_line) == len(original_line):
        return original_line[start:end].strip()
    return sentence if sentence in original_line else ""


def to_passage(index: LoadedIndex, hit: Hit, report: ReportRow, wanted: set[str], counts: bool = False) -> Passage:
    passage = hit.passage
    sentence, _ = best_sentence(wanted, passage.text, counts=counts)
    normalised = index.store.normalised_lines(report.id)
    line = _line_of(normalised, passage.first_line, passage.last_line, sentence)
    original = index.store.original_lines(report.id)
    quote = original[line - 1] if line <= len(original) else ""
    return Passage(
        text=passage.text,
        highlight=sentence,
        section=" > ".join(passage.section_path),
        citation=Citation(
            report_id=report.id,
            source=display_name(report),
            agency=agency_name(report),
            year=report.year,
            line=line,
            page=index.store.page_of(report.id, line),
            quote=quote.strip(),
            highlight=original_span(normalised[line - 1] if line <= len(normalised) else "", quote, sentence),
        ),
        score=hit.score,
    )


def is_relevant(hit: Hit, wanted: set[str], needed: int = MIN_SHARED_BIGRAMS) -> bool:
    """Shares enough words with the question (its headings count: "(一)主要问题" answers 存在哪些问题),
    or is close in meaning, or shares a word and both rankings put it near the top (电话 for 联系电话).
    ``needed``: fewer for a question of one content word (公开收费了吗: 收费)."""
    heading = content_bigrams(" ".join(hit.passage.section_path))
    _, shared = best_sentence(wanted, hit.passage.text, heading)
    agreed = max(hit.lexical_rank or AGREED_RANK + 1, hit.dense_rank or AGREED_RANK + 1) <= AGREED_RANK
    return shared >= needed or (hit.dense_score or 0.0) >= MIN_DENSE_SCORE or (shared > 0 and agreed)


def word_bigrams(question: str, ignore: set[str] | None = None) -> set[str]:
    """The content bigrams inside the question's words (收费 of 公开收费了吗, not 开收 across two words)."""
    return {gram for word in segmenter().tokenizer.lcut(question) for gram in content_bigrams(word, ignore)}


def own_overlap(hit: Hit, wanted: set[str]) -> int:
    """Bigrams shared by the passage's own sentences and its own heading, not its parents': under
    五、存在的主要问题及改进情况, "(一)存在主要问题" answers 存在哪些主要问题 better than "(二)改进措施"."""
    own_heading = hit.passage.section_path[-1] if hit.passage.section_path else ""
    return best_sentence(wanted, hit.passage.text, content_bigrams(own_heading))[1]


def report_wording(question: str) -> tuple[str, ...]:
    """The reports' words for the everyday words of a question (lexicon thesaurus: 官网 → 门户网站)."""
    return tuple(word for everyday, words in lexicon().thesaurus.items() if everyday in question for word in words)


def retrieve(
    index: LoadedIndex,
    question: str,
    reports: list[ReportRow] | None,
    k: int = 3,
    ignore: set[str] | None = None,
    synonyms: tuple[str, ...] = (),
    counts: bool = False,
) -> list[Passage]:
    """Relevant passages from these reports (all reports when None), best first; none if nothing fits.

    ``question`` is the topic (places and years taken out: the filter applies them); ``synonyms`` are
    the other words for the figures it names (受理 for 收到), which a report's text may use instead.
    """
    wording = report_wording(question)
    synonyms = (*synonyms, *wording)
    wanted = content_bigrams(question, ignore) | {g for word in synonyms for g in content_bigrams(word, ignore)}
    filters = Filters(report_ids=[r.id for r in reports]) if reports is not None else None
    by_id = {r.id: r for r in (reports or index.store.report_rows())}
    # Rank first, then judge relevance over more than k: an answering passage may rank below a few
    # that merely resemble the question. The search looks for the reports' words too.
    query = " ".join((question, *wording))
    found = index.search(query, filters, k * CANDIDATES_PER_ANSWER)
    hits = [hit for hit in found if is_relevant(hit, wanted)]
    if not hits and len(word_bigrams(question, ignore)) == 1:  # 公开收费了吗: its one word is enough
        hits = [hit for hit in found if is_relevant(hit, wanted, needed=1)]
    hits.sort(key=lambda hit: -own_overlap(hit, wanted))  # stable: the fused order breaks ties
    return [to_passage(index, hit, by_id[hit.passage.report_id], wanted, counts) for hit in hits[:k]]


# ---- problems or measures ---------------------------------------------------------------------------


def asked_aspect(question: str) -> str | None:
    """The one aspect a question asks about (measures, problems of section 五; contact), or None for none or several."""
    asked = [name for name, aspect in lexicon().aspects.items() if any(w in question for w in aspect.question)]
    return asked[0] if len(asked) == 1 else None


def _aspect_fit(passage: Passage, asked: str) -> int:
    """+1 about the asked aspect, -1 about another, 0 undecided: by the sub-heading, else by the text."""
    aspects = lexicon().aspects
    heading = passage.section.split(" > ", 1)[1] if " > " in passage.section else ""
    for text in (heading, passage.text):
        mine = sum(w in text for w in aspects[asked].passage)
        theirs = sum(w in text for name, a in aspects.items() if name != asked for w in a.passage)
        if mine != theirs:
            return 1 if mine > theirs else -1
    return 0


def by_aspect(asked: str | None, passages: list[Passage]) -> list[Passage]:
    """Passages about the asked aspect (``asked_aspect``) first, the retrieval order kept within each group."""
    if asked is None:
        return passages
    return sorted(passages, key=lambda passage: -_aspect_fit(passage, asked))


# ---- what the question is about must be in the answer ------------------------------------------------

# jieba's common, other proper, morpheme and organisation nouns, and verbal nouns (工资 is tagged vn)
_NOUN_TAGS = frozenset({"n", "nz", "ng", "nt", "vn"})
_MEASURE_TAGS = frozenset({"q", "m"})  # 篇 of 篇文章


def missing_nouns(terms: list[str], passages: list[Passage]) -> list[str]:
    """The nouns among a question's unknown words that no passage contains: the passages are about
    something near, not what was asked (工资 of 工作人员的工资)."""
    text = "".join(p.text + p.section for p in passages)  # a heading governs its passage
    text = text.replace("人民政府", "政府")  # 市政府网站 is the 市人民政府网站 a report names
    nouns = [word for term in terms for word, tag in segmenter().lcut(term) if tag in _NOUN_TAGS and len(word) > 1]
    return [noun for noun in dict.fromkeys(nouns) if not holds(text, noun.replace("人民政府", "政府"))]


def holds(text: str, noun: str) -> bool:
    """Whether the passages' text holds a noun: itself, a word reports use for it (邮件 → 邮箱), or, for a
    compound, each of its parts (传真号码: 传真, and 号码 names the answer's shape; 篇文章: 文章 after a
    measure word). A noun naming an answer's shape (渠道, 程度) needs no place in the text."""
    if _holds_word(text, noun):
        return True
    parts = [part for part in segmenter().tokenizer.cut_for_search(noun) if part != noun and len(part) > 1]
    covered = set()
    for part in parts:
        if not _holds_word(text, part):
            return False
        start = noun.find(part)
        covered.update(range(start, start + len(part)))
    uncovered = [i for i in range(len(noun)) if i not in covered]
    return bool(parts) and (not uncovered or (uncovered == [0] and _is_measure(noun[0])))


def _holds_word(text: str, word: str) -> bool:
    """Itself, a word naming an answer's shape, the reports' words for it, or (短板, 措施) an aspect's question
    word in a text about that aspect (存在的主要问题)."""
    if word in text or word in lexicon().answer_shapes or any(w in text for w in report_wording(word)):
        return True
    return any(word in a.question and any(w in text for w in a.passage) for a in lexicon().aspects.values())


def _is_measure(character: str) -> bool:
    return any(tag in _MEASURE_TAGS for _, tag in segmenter().lcut(character))
