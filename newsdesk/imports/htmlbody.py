"""Turning an HTML tree into body blocks and pictures, for the HTML and WordPress importers.

Both read article HTML (a saved page's extracted text, a post's content) the same way:
blocks_from_tree sanitizes it to our subset and turns each image into a Picture with a
figure block where it stood; split_credit takes a "Photo: X" credit off a caption and
file_name names a picture after its URL.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from newsdesk.content.body import plain_text, sanitize, split_blocks
from newsdesk.imports.record import Block, Picture

PHOTO_CREDIT = re.compile(
    r"\s*[(（]?\s*((?<!\w)(?:[Pp]hoto(?:graph)?s?|[Pp]icture|Image|[Cc]redit|图片?|摄影)"
    r"\s*[:：/／]\s*[^()（）]+?)\s*[)）]?\s*$"
)

# Soft hyphens (hints for the source's own line breaks), zero-width spaces, word joiners and
# stray byte order marks: invisible, but they split words for search and comparison. Zero-
# width (non-)joiners stay: they shape Persian and Indic words and join emoji.
INVISIBLE = re.compile(r"\u00ad|\u200b|\u2060|\ufeff|&(?:shy|#173|#x[aA][dD]);")


def blocks_from_tree(root, picture_for) -> tuple[list[Block], list[Picture]]:
    """Body blocks of an HTML element's children, sanitized to our subset.

    Each <img> becomes ``picture_for(img)`` and a figure block where it stood (after the
    paragraph holding it: figures are blocks). A <figure> around one image is replaced
    whole, its <figcaption> giving the caption when the picture has none. The rest is
    the canonical body sanitize makes (h1 becomes h2, h4–h6 h3, a div a paragraph),
    without invisible characters (INVISIBLE).
    """
    for element in root.iter("figure"):
        element.attrib.pop("data-image-id", None)  # only ours may reach the body
    pictures: list[Picture] = []
    for img in list(root.iter("img")):
        picture = picture_for(img)
        holder = next(img.iterancestors("figure"), None)
        if holder is not None and len(list(holder.iter("img"))) == 1:
            caption = next(holder.iter("figcaption"), None)
            if caption is not None and not picture.caption:
                caption_html = etree.tostring(caption, encoding="unicode", with_tail=False)
                text = plain_text(caption_html, one_line=True)
                picture.caption, picture.credit = split_credit(text)
        else:
            holder = img
        placeholder = etree.Element("figure", {"data-image-id": str(len(pictures))})
        pictures.append(picture)
        top = holder
        while top.getparent() is not root:
            top = top.getparent()
        if top is holder:
            holder.addprevious(placeholder)
        else:
            while top.getnext() is not None and top.getnext().get("data-image-id"):
                top = top.getnext()
            top.addnext(placeholder)
        link = holder.getparent()
        _remove(holder)
        if link.tag == "a" and not len(link) and not (link.text or "").strip():
            _remove(link)  # a link around the image only: nothing left to click
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
    inner = INVISIBLE.sub("", inner)
    blocks = []
    for block in split_blocks(sanitize(inner)):
        number = re.search(r'data-image-id="(\d+)"', block.inner)
        if block.tag == "figure" and number:
            blocks.append(Block("figure", picture=int(number.group(1))))
        elif plain_text(block.inner):
            blocks.append(Block(block.tag, block.inner))
    return blocks, pictures


def split_credit(caption: str) -> tuple[str, str]:
    """(caption, credit) of "Boats at dawn. Photo: Ana Lee" or "… (Photo: Ana Lee)"."""
    match = PHOTO_CREDIT.search(caption)
    if match:
        return caption[: match.start()].strip(), match.group(1)
    return caption.strip(), ""


def file_name(url: str) -> str:
    """The file name at the end of a URL's path."""
    return unquote(PurePosixPath(urlsplit(url).path).name)


def _remove(element) -> None:
    """Take an element out of its tree, leaving its tail text where it was."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
