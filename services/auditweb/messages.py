"""The English texts the audit page, its notifications and its reports show, found where they
are written, and the German catalogue kept in step with them (``locale/de.po``).

Found as ``pybabel extract`` would: ``t("...")`` and ``N_("...")`` in ``static/app.js``, and
(by Babel's Python extractor) ``tr(lang, "...")`` and ``N_("...")`` in the Python modules that
write for officers. The
page's HTML is read with the standard library's parser: every text and every
``placeholder``, ``title`` and ``aria-label``, except inside ``translate="no"`` (the page
translates the same ones, ``translateDocument`` in ``app.js``).

``python -m services.auditweb.messages`` refreshes ``locale/de.po``: new texts are added
untranslated, texts no longer written are dropped, translations are kept. A test fails
while any text lacks its German.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent
CATALOGUE = HERE / "locale" / "de.po"
PYTHON = ("notify/rules.py", "report.py", "app.py", "prefapi.py")
ATTRIBUTES = ("placeholder", "title", "aria-label")
#: ``t("...")`` and ``N_("...")`` with a double-quoted literal, the page's only way to write a
#: text (Babel's JavaScript extractor loses texts after a template string in the arguments)
JS_TEXT = re.compile(r'\b(?:t|N_)\(\s*"((?:[^"\\]|\\.)*)"')
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "area", "base", "wbr"}


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _skipped(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = values.get("translate") == "no" or tag in ("script", "style")
        if not skip and not self._skipped():
            self.found += [v for k, v in attrs if k in ATTRIBUTES and v]
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipped() and re.search(r"[A-Za-z]", text):
            self.found.append(text)


def html_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.found


def texts() -> dict[str, str]:
    """Every English text -> where it is written (the first place)."""
    found: dict[str, str] = {}
    title = re.search(r"<title>(.*?)</title>", (HERE / "static/index.html").read_text())
    for text in html_texts((HERE / "static/index.html").read_text()):
        found.setdefault(text, "static/index.html")
    if title:
        found.setdefault(title.group(1), "static/index.html")
    for text in JS_TEXT.findall((HERE / "static/app.js").read_text()):
        found.setdefault(json.loads(f'"{text}"'), "static/app.js")
    for name in PYTHON:
        with (HERE / name).open("rb") as py:
            for _, call, message, _ in extract_python(py, {"tr": None, "N_": None}, [], {}):
                # tr(lang, "..."): the text is the second argument; N_("..."): the only one
                said = message[1] if call == "tr" and isinstance(message, tuple) else message
                if isinstance(said, str):
                    found.setdefault(said, name)
    return found


HEADER = """\
# German of the Clearway audit page, its notifications and its reports.
# English is the source, where each text is written; refreshed by
# `python -m services.auditweb.messages`, translated by the Clearway developers."""


def read() -> Catalog:
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def refresh() -> Catalog:
    """The catalogue with today's texts: translations kept, new texts empty, old ones gone."""
    old = read() if CATALOGUE.is_file() else Catalog(locale="de")
    new = Catalog(
        locale="de",
        project="Clearway audit page",
        version="1",
        copyright_holder="Clearway contributors",
        msgid_bugs_address="the Clearway issue tracker",
        creation_date=old.creation_date,
        revision_date=old.creation_date,
        header_comment=HEADER,
        last_translator="Clearway developers",
        language_team="German",
        fuzzy=False,
    )
    for text, where in sorted(texts().items()):
        known = old.get(text)
        new.add(text, known.string if known else "", locations=[(where, 0)])
    return new


if __name__ == "__main__":
    catalogue = refresh()
    CATALOGUE.parent.mkdir(exist_ok=True)
    with CATALOGUE.open("wb") as out:
        write_po(out, catalogue, width=100, sort_output=True)
    missing = [m.id for m in catalogue if m.id and not m.string]
    print(f"{CATALOGUE}: {len(catalogue)} texts, {len(missing)} without German", file=sys.stderr)
