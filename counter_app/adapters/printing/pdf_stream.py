"""A ReportLab canvas that writes each finished page into the output at once.

ReportLab keeps every page of a document in memory, as uncompressed text, until ``save()``
formats the whole file (and then holds the file twice more: its pieces and their join). For a
long book (the ledger: ~570 pages for 8,000 lines) that is ~1.9 KB of memory per line.

:class:`StreamingCanvas` swaps in a :class:`StreamingDocument` that, as each page is closed,
formats the page's content stream (compressed) and its page dictionary, writes them straight
into the output file and forgets them, keeping only their object numbers and offsets (24 bytes a
page). What a page refers to is either registered already (the page tree, forms drawn before the
page) or a dictionary filled at the end (the fonts), so nothing of a page is needed later. At
``save()`` the rest (fonts, forms, page tree, catalogue, info), the cross-reference table and the
trailer follow. Memory is then flat in the number of pages.

Limits: no encryption, no annotations or links across pages (what the ledger does not use); the
PDF version is fixed when the first page is written.
"""

from __future__ import annotations

from array import array
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _PageTree(pdfdoc.PDFPages):  # type: ignore[misc]
    """The page tree, holding the object numbers of the pages written (not the pages)."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers = array("q")

    def addPage(self, page: Any) -> None:
        """Nothing to keep: the document adds the page's number once it is written."""

    def check_format(self, document: Any) -> None:
        """Kids are references by number to the written pages."""
        self.Kids = pdfdoc.PDFArray([_NumberedRef(n) for n in self.numbers])
        self.Count = len(self.numbers)


class _NumberedRef(pdfdoc.PDFObject):  # type: ignore[misc]
    """A reference to an object by its number (its name is forgotten once it is written)."""

    def __init__(self, number: int) -> None:
        self.number = number

    def format(self, document: Any) -> bytes:
        """``n 0 R``."""
        return b"%d 0 R" % self.number


class StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """A ReportLab document that writes its pages into ``out`` as they are added."""

    def __init__(self, out: BinaryIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.Pages = self.Catalog.Pages = _PageTree()
        self._out = out
        self._offset = 0
        self._offsets = array("q")  # by object number - 1; -1 while not written
        self._version: tuple[int, ...] | None = None

    def _write(self, data: bytes) -> int:
        """Write ``data`` (after the file header on the first call); return where it starts."""
        if self._version is None:
            self._version = major, minor = tuple(self._pdfVersion)
            self._emit(f"%PDF-{major}.{minor}\n".encode() + b"%\223\214\213\236\n")
        return self._emit(data)

    def _emit(self, data: bytes) -> int:
        at = self._offset
        self._out.write(data)
        self._offset += len(data)
        return at

    def _write_object(self, name: str, *, forget: bool) -> int:
        """Format the registered object ``name`` and write it; with ``forget``, drop it and its
        name (nothing may refer to it by name afterwards). Return its number."""
        number: int = self.idToObjectNumberAndVersion[name][0]
        data = pdfdoc.PDFIndirectObject(name, self.idToObject[name]).format(self)
        if len(self._offsets) < self.objectcounter:
            self._offsets.extend([-1] * (self.objectcounter - len(self._offsets)))
        self._offsets[number - 1] = self._write(data)
        if forget:
            del self.idToObject[name], self.idToObjectNumberAndVersion[name]
            del self.numberToId[number]
        return number

    def addPage(self, page: Any) -> None:
        """Register ``page``, then write it and its content stream at once and forget both."""
        super().addPage(page)
        number = self._write_object(getattr(page, pdfdoc.__InternalName__), forget=True)
        self._write_object(getattr(page.Contents, pdfdoc.__InternalName__), forget=True)
        self.Pages.numbers.append(number)

    def format(self) -> bytes:
        """Write what is not written yet, the cross-reference table and the trailer; return
        nothing (all of the file is in ``out``)."""
        if self._version is not None and tuple(self._pdfVersion) != self._version:
            raise ValueError("PDF version raised after the first page was written")
        self.encrypt.prepare(self)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        number = 1
        while number <= self.objectcounter:  # objects are registered while others are formatted
            if number > len(self._offsets) or self._offsets[number - 1] < 0:
                self._write_object(self.numberToId[number], forget=False)
            number += 1
        entries = b"".join(b"%010d 00000 n \n" % at for at in self._offsets)
        start = self._write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self._offsets) + 1)
                            + entries)
        trailer = pdfdoc.PDFTrailer(startxref=start, Size=len(self._offsets) + 1,
                                    Root=self.Reference(self.Catalog),
                                    Info=self.Reference(self.info), ID=self.ID())
        self._write(trailer.format(self))
        return b""


class StreamingCanvas(Canvas):  # type: ignore[misc]
    """A canvas over a binary file whose pages go into the file as each one is finished (see
    the module's notes); use as ``canvasmaker`` of a platypus document built into the same
    file."""

    def __init__(self, out: BinaryIO, **kwargs: Any) -> None:
        if kwargs.get("encrypt"):
            raise ValueError("a streaming canvas does not encrypt")
        super().__init__(out, **kwargs)
        invariant = kwargs.get("invariant")
        self._doc = StreamingDocument(
            out, compression=self._pageCompression,
            invariant=rl_config.invariant if invariant is None else invariant,
            pdfVersion=kwargs.get("pdfVersion") or pdfdoc.PDF_VERSION_DEFAULT,
            lang=kwargs.get("lang"))
        self._make_preamble()  # registers the initial font in this document
