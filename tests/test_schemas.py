"""The schemas of the shipped data files (diplograph.schemas) and their one-line messages."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from diplograph import schemas
from diplograph.errors import DataFileInvalid, QueryError
from diplograph.package_data import parse_yaml, read_text, read_yaml


def _shipped(folder: str, suffix: str) -> list[str]:
    root = resources.files("diplograph").joinpath(folder)
    return sorted(f"{folder}/{p.name}" for p in root.iterdir() if p.name.endswith(suffix))


YAML_FILES = _shipped("lang", ".yaml") + _shipped("kb/data", ".yaml")
QUERY_FILES = _shipped("queries", ".rq")


def test_the_data_files_are_found():
    assert {"lang/en.yaml", "lang/de.yaml", "lang/detect.yaml", "kb/data/states.yaml"} <= set(
        YAML_FILES
    )
    assert len(QUERY_FILES) >= 9


@pytest.mark.parametrize("path", YAML_FILES)
def test_shipped_yaml_file_fits_its_schema(path):
    assert schemas.validate(path, read_yaml(path)) == []


@pytest.mark.parametrize("path", QUERY_FILES)
def test_shipped_query_header_fits_its_schema(path):
    from diplograph.queries import parse_query

    query = parse_query(read_text(path), path)  # raises QueryError with the header's problems
    assert all(p.doc for p in query.parameters)


def test_the_knowledge_base_files_refer_to_each_other_correctly():
    import pycountry

    files = {
        p.rpartition("/")[2]: schemas.check(p, read_yaml(p))
        for p in YAML_FILES
        if p.startswith("kb/")
    }
    assert schemas.kb_reference_problems(files, (c.alpha_3 for c in pycountry.countries)) == []


def test_office_roles_are_the_roles_of_format_md():
    text = read_text("kb/data/FORMAT.md")
    listed = re.search(r"`role` is one of:\n(.*?)\.\n", text, re.S).group(1)
    assert tuple(r.strip() for r in listed.replace("\n", " ").split(",")) == schemas.OFFICE_ROLES


def _lexicon_with(old: str, new: str) -> str:
    text = read_text("lang/en.yaml")
    assert text.count(old) == 1
    return text.replace(old, new)


def _problems(path: str, text: str) -> list[str]:
    return schemas.validate(path, parse_yaml(text, path))


def test_a_bare_no_in_a_word_list():
    text = _lexicon_with('negated: [not, never, "no",', "negated: [not, never, no,")
    assert _problems("lang/en.yaml", text) == [
        "[lang/en.yaml: modality.negated: 2] value is the YAML boolean false "
        "(a bare no, off or false), "
        "not a word: quote it"
    ]


def test_a_bare_on_in_the_language_detection_words():
    assert _problems("lang/detect.yaml", "de: [der, die]\nen: [the, on]\n") == [
        "[lang/detect.yaml: en: 1] value is the YAML boolean true (a bare yes, on or true), "
        "not a word: quote it"
    ]


def test_a_list_one_language_lacks_is_an_explicit_empty_list():
    text = _lexicon_with("  participles: []", "")
    assert _problems("lang/en.yaml", text) == [
        "[lang/en.yaml: proposes: participles] "
        "missing (a list this language lacks is written as [])"
    ]


def test_an_unknown_section_and_a_misspelled_role():
    text = _lexicon_with(
        "  pm: head_of_government", "  pm: head_of_govt\n  pms: [head_of_government]"
    )
    text += "\nsynonyms: [a]\n"
    found = _problems("lang/en.yaml", text)
    assert "[lang/en.yaml: synonyms] unknown key" in found
    assert any(
        line.startswith(
            "[lang/en.yaml: roles.pm: role] 'head_of_govt' is not one of 'head_of_state'"
        )
        for line in found
    )
    assert any(line.startswith("[lang/en.yaml: roles: pms]") for line in found)


PERSON = """\
- id: ryosei-akazawa
  name: Ryosei Akazawa
  gender: m
  offices:
    - {role: trade_minister, state: JPN, title: "Minister of Economy, Trade and Industry",
       start: 2025-10-21}
"""


def _persons(old: str = "", new: str = "") -> list[str]:
    assert not old or PERSON.count(old) == 1
    return _problems("kb/data/persons_test.yaml", PERSON.replace(old, new))


def test_a_good_person():
    assert _persons() == []


def test_an_unknown_key_from_a_comma_in_a_flow_mapping():
    assert _persons(
        '"Minister of Economy, Trade and Industry"', "Minister of Economy, Trade and Industry"
    ) == [
        "[kb/data/persons_test.yaml: ryosei-akazawa: offices.0.Trade and Industry] unknown key "
        "(a value with a comma inside {...} must be quoted)"
    ]


@pytest.mark.parametrize("date", ["2025-02-30", "2025-10", "soon", '"21 October 2025"'])
def test_a_date_that_is_no_day(date):
    found = _persons("start: 2025-10-21", f"start: {date}")
    assert len(found) == 1
    assert found[0].startswith("[kb/data/persons_test.yaml: ryosei-akazawa: offices.0.start] ")
    assert found[0].endswith("is not a date: write an existing day as YYYY-MM-DD, unquoted")


def test_an_office_that_ends_before_it_starts():
    assert _persons("start: 2025-10-21", "start: 2025-10-21, end: 2024-01-01") == [
        "[kb/data/persons_test.yaml: ryosei-akazawa: offices.0] "
        "ends (2024-01-01) before it starts (2025-10-21)"
    ]


def test_an_entry_without_an_id():
    assert _persons("- id: ryosei-akazawa\n  name", "- name") == [
        "[kb/data/persons_test.yaml: #0 (Ryosei Akazawa): id] missing"
    ]


def test_an_office_without_a_role():
    assert _persons("role: trade_minister, ", "") == [
        "[kb/data/persons_test.yaml: ryosei-akazawa: offices.0.role] missing"
    ]


def test_an_office_with_a_role_that_is_not_listed():
    found = _persons("role: trade_minister", "role: minister_of_trade")
    assert len(found) == 1
    assert found[0].startswith(
        "[kb/data/persons_test.yaml: ryosei-akazawa: offices.0.role] "
        "'minister_of_trade' is not one of"
    )


def test_a_key_given_twice_is_reported_with_its_line():
    with pytest.raises(DataFileInvalid) as caught:
        parse_yaml("roles:\n  president: head_of_state\n  president: leader\n", "lang/xx.yaml")
    assert caught.value.problems == [
        "[lang/xx.yaml: line 3: president] given twice in one mapping (the later value would win)"
    ]


def test_check_raises_every_problem_with_the_format_documentation():
    data = parse_yaml(
        PERSON.replace("gender: m", "gender: x\n  wikidata: 7747"), "kb/data/persons_test.yaml"
    )
    with pytest.raises(DataFileInvalid) as caught:
        schemas.check("kb/data/persons_test.yaml", data)
    message = str(caught.value)
    assert (
        message.splitlines()[0]
        == "2 problems in diplograph's data files; the format is described in kb/data/FORMAT.md:"
    )
    assert (
        "[kb/data/persons_test.yaml: ryosei-akazawa: gender] 'x' is not one of 'm' or 'f'"
        in message
    )
    assert (
        "[kb/data/persons_test.yaml: ryosei-akazawa: wikidata] "
        "value is the number 7747, not a word: quote it" in message
    )


def test_references_between_knowledge_base_files():
    files = {
        "organisations.yaml": schemas.check(
            "kb/data/organisations.yaml",
            parse_yaml(
                "- {id: nato, name: NATO, type: Organization}\n", "kb/data/organisations.yaml"
            ),
        ),
        "persons_test.yaml": schemas.check(
            "kb/data/persons_test.yaml",
            parse_yaml(
                PERSON + "- {id: nato, name: Nato Person, gender: m, "
                "offices: [{role: org_leader, org: natoo}, "
                "{role: ambassador, state: XYZ}]}\n",
                "kb/data/persons_test.yaml",
            ),
        ),
    }
    assert schemas.kb_reference_problems(files, ["JPN"]) == [
        "[kb/data/persons_test.yaml: nato: id] already used in organisations.yaml",
        "[kb/data/persons_test.yaml: nato: offices.0.org] "
        "'natoo' is not an id of organisations.yaml",
        "[kb/data/persons_test.yaml: nato: offices.1.state] "
        "'XYZ' is neither a pycountry country nor in states.yaml",
    ]


def test_a_data_file_without_a_schema():
    with pytest.raises(LookupError, match="kb/data/treaties.yaml has no schema"):
        schemas.schema_for("kb/data/treaties.yaml")


def test_a_misspelled_lexicon_path_is_an_error():
    from diplograph.nlp.lexicon import load_lexicon

    lex = load_lexicon("en")
    assert "no" in lex.words("modality", "negated")
    assert lex.words("proposes", "participles") == frozenset()
    with pytest.raises(
        LookupError, match=r"lang/en.yaml has no meets.verb.forms: meets has verbs, "
    ):
        lex.words("meets", "verb", "forms")
    with pytest.raises(LookupError, match="is no word list"):
        lex.words("meets", "need_particle")
    with pytest.raises(LookupError, match="is no mapping"):
        lex.table("meets", "nouns")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            "# @param who person optional  x",
            "[t.rq: @param who: type] 'person' is not one of 'iri', ",
        ),
        ("# @param who iri  x", "[t.rq: line 2] cannot read the @param line"),
        (
            "# @param whom iri optional  x",
            "[t.rq: @param whom] is not a variable of the query (?whom)",
        ),
        (
            "# @param who iri optional  x\n# @param who iri optional  y",
            "[t.rq: @param who] declared twice",
        ),
    ],
)
def test_query_header_problems(header, problem):
    from diplograph.queries import parse_query

    with pytest.raises(QueryError) as caught:
        parse_query(f"# Title.\n{header}\nSELECT ?who WHERE {{ ?who ?p ?o }}\n", "t.rq")
    assert str(caught.value).startswith(problem)


def test_the_loaders_check_the_files(monkeypatch):
    import diplograph.kb
    import diplograph.nlp.lexicon

    def broken(path):
        if path == "lang/en.yaml":
            return _lexicon_yaml('negated: [not, never, "no",', "negated: [not, never, no,")
        if path == "kb/data/persons_historical.yaml":
            return parse_yaml(PERSON.replace("start: 2025-10-21", "start: 2025-13-01"), path)
        return read_yaml(path)

    def _lexicon_yaml(old, new):
        return parse_yaml(_lexicon_with(old, new), "lang/en.yaml")

    monkeypatch.setattr(diplograph.nlp.lexicon, "read_yaml", broken)
    monkeypatch.setattr(diplograph.kb, "read_yaml", broken)
    with pytest.raises(DataFileInvalid, match=r"\[lang/en.yaml: modality.negated: 2\] value is"):
        diplograph.nlp.lexicon.load_lexicon.__wrapped__("en")
    with pytest.raises(
        DataFileInvalid,
        match=r"\[kb/data/persons_historical.yaml: ryosei-akazawa: offices.0.start\]",
    ):
        diplograph.kb.load_kb.__wrapped__()


def test_the_error_survives_a_worker_process():
    import pickle

    error = pickle.loads(pickle.dumps(DataFileInvalid(["[lang/xx.yaml: a: 1] missing"], "docs")))
    assert error.problems == ["[lang/xx.yaml: a: 1] missing"] and str(error).endswith("missing")
