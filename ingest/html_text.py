"""Visible text of an HTML page, with paragraph and list breaks kept.

Scripts, styles, navigation and other page furniture are dropped; block
elements end a line, list items start with "- " (as in the markdown-like
texts of the corpus), and runs of blank lines collapse to one.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Not "form": ASP.NET pages wrap the whole body in one.
_HIDDEN = frozenset({"script", "style", "nav", "noscript", "template", "svg", "head",
                     "iframe", "object", "button", "select", "aside", "footer"})
_PARAGRAPHS = frozenset({"p", "div", "section", "article", "main", "header", "blockquote",
                         "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "pre",
                         "figure", "figcaption", "address", "hr"})
_LINES = frozenset({"br", "li", "tr", "td", "th", "dt", "dd", "caption"})
_SPACES = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+")


def html_to_text(html: str) -> str:
    """Return the visible text of ``html``.

    >>> html_to_text("<p>Căn cứ <b>Luật</b> Đầu tư;</p><script>x()</script><ul><li>Bộ Tài chính</ul>")
    'Căn cứ Luật Đầu tư;\\n\\n- Bộ Tài chính'
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.strip(" \t") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden: list[str] = []  # open hidden elements; text is dropped while any is open
        self._pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body" and "head" in self._hidden:  # </head> is optional in HTML
            del self._hidden[self._hidden.index("head"):]
        if tag in _HIDDEN:
            self._hidden.append(tag)
        elif self._hidden:
            return
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _PARAGRAPHS:
            self._pre += tag == "pre"
            self.parts.append("\n\n")
        elif tag in _LINES:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.pop()
            elif tag in self._hidden:  # unclosed children inside a hidden element
                del self._hidden[self._hidden.index(tag):]
            return
        if tag in _PARAGRAPHS:
            self._pre -= tag == "pre" and self._pre > 0
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data if self._pre else _SPACES.sub(" ", data))
