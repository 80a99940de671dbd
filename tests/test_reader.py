"""Reading articles: header, encodings, languages, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.errors import ArticleError, UnsupportedLanguage
from diplograph.reader import detect_language, expand_inputs, parse_article, read_article, slugify


def test_header_with_leading_whitespace():
    art = parse_article(
        " date 2025-08-15 Gipfel in Alaska\n\nDer Gipfel hat begonnen. Die "
        "beiden Präsidenten sprechen.",
        "a.txt",
    )
    assert art.date == dt.date(2025, 8, 15)
    assert art.title == "Gipfel in Alaska"
    assert art.lang == "de"
    assert art.text[art.body_start :].startswith("Der Gipfel")


def test_plain_text_without_header():
    art = parse_article(
        "The two leaders met in Geneva on Wednesday and talked for four hours.", "b.txt"
    )
    assert art.date is None and art.title is None and art.lang == "en" and art.body_start == 0


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Die Außenminister trafen sich am Montag in Berlin, um über den Krieg zu sprechen.", "de"),
        ("The foreign ministers met in Berlin on Monday to discuss the war and its end.", "en"),
        ("Les ministres se sont réunis à Berlin pour discuter de la guerre et de la paix.", "fr"),
        ("Министры встретились в Берлине, чтобы обсудить войну.", "ru"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_unsupported_language_is_named():
    with pytest.raises(UnsupportedLanguage, match="x.txt: unsupported language 'fr'"):
        parse_article("Les ministres se sont réunis à Berlin pour discuter de la guerre.", "x.txt")


def test_forced_language():
    art = parse_article("Les ministres se sont réunis à Berlin pour discuter.", "x.txt", lang="en")
    assert art.lang == "en"


def test_impossible_header_date(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("date 2025-02-30 Title\n\nThe leaders met.", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"bad.txt: impossible date '2025-02-30'"):
        read_article(path)


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x00\x01\x02\x03" * 200, "not a text file"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        read_article(path)


def test_encodings(tmp_path):
    text = (
        "date 2025-08-15 Gipfel\n\nDer russische Präsident Wladimir Putin traf "
        "US-Präsident Donald Trump in Anchorage.\r\n"
    )
    for name, data in [
        ("utf8.txt", text.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
        ("latin1.txt", text.encode("cp1252")),
    ]:
        (tmp_path / name).write_bytes(data)
        art = read_article(tmp_path / name)
        assert "Präsident" in art.body, name
        assert "\r" not in art.text
        assert art.date == dt.date(2025, 8, 15)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_expand_inputs_recursive(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    (tmp_path / "z.md").write_text("z")
    found = list(expand_inputs([str(tmp_path), "-"]))
    assert [p.rsplit("/", 1)[-1] for p in found[:-1]] == ["x.txt", "y.txt"] and found[-1] == "-"


def test_slugify():
    assert slugify("Wladimir Putin") == "wladimir-putin"
    assert slugify("Außenminister <script>") == "aussenminister-script"
    assert slugify("!!!") == "x"
