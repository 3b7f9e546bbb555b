"""An article body as a list of typed blocks, for programs that lay text out themselves.

The body is stored as a small sanitized HTML subset whose top-level elements are its blocks
(``newsdesk.content.body``); each becomes one block here, its inner HTML kept as stored.
"""

from newsdesk.api.images import image_data
from newsdesk.content import body as body_format

KINDS = {"p": "paragraph", "h2": "heading", "h3": "heading", "blockquote": "quote"}


def body_blocks(article, images: dict, request) -> list[dict]:
    """The blocks of ``article.body``; ``images`` maps id to Image for its figures.

    A figure whose image is gone is left out, as the article page leaves it out.
    """
    blocks = []
    for block in body_format.split_blocks(article.body):
        if block.tag == "figure":
            ids = body_format.image_ids(block.inner)
            image = images.get(ids[0]) if ids else None
            if image is not None:
                blocks.append(
                    {
                        "type": "image",
                        "html": body_format.render(block.inner, images, article.language),
                        "text": image.localized("caption", article.language),
                        "image": image_data(image, request, article.language),
                    }
                )
            continue
        if not block.text:
            continue
        if block.tag in ("ul", "ol"):
            items = [
                {"html": item.inner, "text": item.text}
                for item in body_format.split_blocks(block.inner)
                if item.tag == "li"
            ]
            blocks.append(
                {
                    "type": "list",
                    "html": block.inner,
                    "text": block.text,
                    "ordered": block.tag == "ol",
                    "items": items,
                }
            )
        elif block.tag == "table":
            caption, rows = body_format.table_parts(block.inner)
            blocks.append(
                {
                    "type": "table",
                    "html": block.inner,
                    "text": block.text,
                    "caption": caption,
                    "rows": [
                        [
                            {
                                "html": cell.inner,
                                "text": cell.text,
                                "header": cell.header,
                                "colspan": cell.colspan,
                                "rowspan": cell.rowspan,
                            }
                            for cell in row
                        ]
                        for row in rows
                    ],
                }
            )
        elif block.tag in KINDS:
            blocks.append({"type": KINDS[block.tag], "html": block.inner, "text": block.text})
            if block.tag in ("h2", "h3"):
                blocks[-1]["level"] = int(block.tag[1])
        else:
            # Inline markup at the top level (a lone <strong>): a paragraph of its own.
            blocks.append({"type": "paragraph", "html": block.html, "text": block.text})
    return blocks
