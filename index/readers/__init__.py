"""Readers: each turns one file format into the lines of text the parser reads.

    sniff.py    what a file is, from its first bytes (not its name)
    web.py      HTML page → report body, tables as grids (rowspan/colspan), one row per line
    word.py     DOCX → paragraphs and tables in document order, merged cells once
    pdf.py      PDF with a text layer → text and ruled tables in reading order, page per line
    archive.py  ZIP → its members, refusing path traversal and zip bombs
    cells.py    cell and paragraph text: whitespace and wrapped lines

``index.read.read_document`` picks the reader; a table row is one line with cells joined by a tab,
the layout ``index.layout`` reads best.
"""
