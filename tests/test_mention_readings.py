"""The lazy @mention readings of the broken variants are the spec's pattern read with one
shortcut each: each one registered differs from the spec on a conformance case of the check
named to catch it, and each one left out reads every prompt as the spec does."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_tests import spec, strategies, variants
from contract_tests.conformance import mentions
from contract_tests.spec import MentionRule

_READINGS = variants.LAZY_MENTIONS


def _names(case: mentions.MentionCase) -> list[str]:
    array, item = spec.known_mention_rule().names_from
    return [str(image[item]) for image in case.body[array]]


def test_every_lazy_reading_is_a_variant_or_not_applicable_with_its_reason() -> None:
    registered = {name for name in _READINGS if name in variants.registry()}
    left_out = variants.not_applicable()
    assert registered | set(left_out) == set(_READINGS)
    assert not registered & set(left_out)
    assert all(reason for reason in left_out.values())


def test_each_lazy_variant_differs_from_the_spec_on_a_case_of_its_check() -> None:
    for name, (_, unknown) in _READINGS.items():
        if name not in variants.registry():
            continue
        check = variants.variant(name).caught_by
        sent = mentions.valid_cases() if check == "accepts-mention" else mentions.invalid_cases()
        assert any(unknown(c.prompt, _names(c)) == c.valid for c in sent), name


def _prompt(names: list[str]) -> st.SearchStrategy[str]:
    """Prompts of mentions of the names, with and without punctuation after them, of other
    @-words and of plain words, joined by any whitespace."""
    mention = st.sampled_from(names).map(lambda n: "@" + n)
    word = st.one_of(
        mention,
        st.tuples(mention, st.sampled_from(spec.PUNCTUATION)).map("".join),
        st.text(st.sampled_from("ab@.,-_ÜX"), min_size=1, max_size=6),
        st.sampled_from(["@", "mail@x.com", "@@a"]),
    )
    space = st.sampled_from([" ", "\n", "\t", "\u3000", " , "])
    return st.lists(st.tuples(word, space), min_size=1, max_size=6).map(
        lambda parts: "".join(w + s for w, s in parts).rstrip()
    )


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    drawn=st.lists(st.deferred(strategies.ref_names), min_size=1, max_size=3).flatmap(
        lambda names: st.tuples(st.just(names), _prompt(names))
    )
)
def test_a_reading_left_out_reads_prompts_as_the_spec_does(
    drawn: tuple[list[str], str], mention_rule: spec.MentionRule
) -> None:
    names, prompt = drawn
    rule = mention_rule
    wrong = bool([m for m in rule.mentions(prompt) if m not in names])
    for name in variants.not_applicable():
        assert _READINGS[name][1](prompt, names) == wrong, (name, prompt, names)


def _rule(pattern: str) -> MentionRule:
    return MentionRule("prompt", spec.ecma_pattern(pattern), ("images", "ref_name"))


def test_the_punctuation_a_pattern_keeps_in_a_name_is_asked_of_the_pattern() -> None:
    to_space = _rule(r"(?:^|(?<=\s))@(\S+)")
    word = _rule(r"(?:^|(?<=\s))@([A-Za-z0-9_]+)")
    dotted = _rule(r"(?:^|(?<=\s))@([A-Za-z0-9_.]+)")
    assert to_space.kept_in_name("hero", ",.") == ",." and to_space.ending_name("hero", ",.") == ""
    assert word.kept_in_name("hero", ",.") == "" and word.ending_name("hero", ",.") == ",."
    assert dotted.kept_in_name("hero", ",.") == "." and dotted.ending_name("hero", ",.") == ","
    assert to_space.before_mention("hero", " \n,a") == " \n"
    assert word.before_mention("hero", " \n\t,a") == " \n\t"
