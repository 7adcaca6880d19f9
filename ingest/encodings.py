"""Turn the bytes of a text file into str, refusing binary and legacy-encoded input.

Vietnamese texts older than Unicode were typed in 8-bit font encodings. Python
has a codec for Windows-1258 (decoded here), but none for TCVN3 (ABC) or VNI:
those are detected by byte statistics and reported, because regexes run over
their mojibake would silently find nothing.
"""
from __future__ import annotations

import codecs
import functools
import unicodedata

from .errors import IngestError

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that plain text does not contain (tab, LF, VT, FF, CR and DOS EOF are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1a")
_SAMPLE = 1 << 20  # statistics are taken on the first MiB
_MAX_CONTROL_RATIO = 0.01
# TCVN3 puts ă â ê ô ơ ư đ (and capitals) at 0xA1-0xAE and à ả ã á ạ at 0xB5-0xB9:
# bytes that Windows-1258 and VNI text almost never use.
_TCVN3_BAND = range(0xA1, 0xC0)
# VNI writes a base ASCII vowel followed by a byte for its marks, and đ/Đ as ñ/Ñ.
_VNI_MARKS = frozenset(b"\xd1\xf1\xe0\xe1\xe2\xe3\xe4\xe5\xe8\xe9\xea\xeb\xef\xf5\xf8\xf9\xfa\xfb\xfc"
                       b"\xc0\xc1\xc2\xc3\xc4\xc5\xc8\xc9\xca\xcb\xcf\xd5\xd8\xd9\xda\xdb\xdc")
_VOWELS = frozenset(b"aeiouyAEIOUY")


def decode_text(data: bytes, name: str) -> str:
    """Decode text bytes (UTF-8, UTF-8/16/32 with BOM, Windows-1258) to NFC str.

    >>> decode_text("Nghị định".encode("utf-16"), "x")
    'Nghị định'

    Raises:
        IngestError: empty, binary, or in an encoding that cannot be decoded
            (the message names TCVN3 or VNI when it detects them).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _nfc(data.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name}: invalid {codec.upper()} text (byte {exc.start})") from None
    _refuse_binary(data, name)
    try:
        return _nfc(data.decode("utf-8"), name)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    lenient = data[:_SAMPLE].decode("utf-8", "replace")
    damaged = lenient.count("\ufffd")
    if sum(ord(c) >= 0x80 for c in lenient) - damaged >= 10 * damaged:
        # UTF-8 continuation bytes look like TCVN3 to the byte statistics: say what it is
        raise IngestError(f"{name}: UTF-8 text with {damaged} invalid byte sequence(s), first at "
                          f"offset {first_bad}: the file is damaged or mixes encodings")
    legacy = detect_legacy_encoding(data)
    if legacy == "windows-1258":
        return _nfc(data.decode("cp1258"), name)
    if legacy:
        raise IngestError(f"{name}: the text is in the legacy {legacy} encoding, not Unicode; "
                          "convert it to Unicode (UTF-8), e.g. with UniKey's converter, first")
    raise IngestError(f"{name}: not UTF-8 text (invalid byte at offset {first_bad}) "
                      "and not a known Vietnamese legacy encoding")


def detect_legacy_encoding(data: bytes) -> str | None:
    """Name the 8-bit Vietnamese encoding of non-UTF-8 bytes, or None.

    >>> detect_legacy_encoding(b"Vi\\xea\\xf2t Nam")  # Windows-1258 "Việt Nam"
    'windows-1258'
    >>> detect_legacy_encoding(b"Vi\\xd6t Nam \\xae\\xb8nh gi\\xb8")  # TCVN3 "Việt Nam đánh giá"
    'TCVN3 (ABC)'
    """
    sample = data[:_SAMPLE]
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high:
        return None
    if _is_vietnamese_cp1258(sample):
        return "windows-1258"
    if sum(sample[i] in _TCVN3_BAND for i in high) >= 0.3 * len(high):
        return "TCVN3 (ABC)"
    after_vowel = sum(i > 0 and sample[i - 1] in _VOWELS and sample[i] in _VNI_MARKS for i in high)
    if after_vowel + sample.count(0xF1) + sample.count(0xD1) >= 0.6 * len(high):
        return "VNI"
    return None


def _is_vietnamese_cp1258(sample: bytes) -> bool:
    """Windows-1258 stores tone marks as combining bytes: decoded and composed,
    real Vietnamese leaves almost only Vietnamese letters outside ASCII."""
    try:
        text = unicodedata.normalize("NFC", sample.decode("cp1258"))
    except UnicodeDecodeError:  # a few bytes are undefined in cp1258
        return False
    foreign = [c for c in text if ord(c) >= 0x80 and unicodedata.category(c)[0] in "LM"]
    letters = _vietnamese_letters()  # punctuation (“ ” – …) is shared with cp1252: not counted
    return bool(foreign) and sum(c in letters for c in foreign) >= 0.9 * len(foreign)


@functools.cache
def _vietnamese_letters() -> frozenset[str]:
    """Every precomposed Vietnamese letter outside ASCII (ă, ệ, Ữ, đ...)."""
    marks = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
    found = {"đ", "Đ"}
    for code in range(0xC0, 0x1EFA):
        char = chr(code)
        base, *rest = unicodedata.normalize("NFD", char)
        if base in "aeiouyAEIOUY" and rest and set(rest) <= marks:
            found.add(char)
    return frozenset(found)


def _refuse_binary(data: bytes, name: str) -> None:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        if sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4:
            raise IngestError(f"{name}: looks like UTF-16 text without a byte-order mark; "
                              "save it as UTF-8")
        raise IngestError(f"{name}: binary data (NUL bytes), not a text file")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise IngestError(f"{name}: binary data ({controls} control bytes), not a text file")


def _nfc(text: str, name: str) -> str:
    if not text or text.isspace():
        raise IngestError(f"{name}: empty input (no text)")
    return unicodedata.normalize("NFC", text)
