// The body editor: ProseMirror on every textarea[data-body-editor].
//
// The textarea stays the form field (a page without JavaScript still works): it is hidden,
// and after every change its value is the canonical body HTML (content/body.py's contract)
// followed by a bubbling "input" event. Modes: "body" edits a whole body; "inline" edits
// one block of the translation desk, whose kind (data-block: p, h2, h3, blockquote, ul, ol,
// table) says what the row holds. textarea.bodyEditor = {view, setHTML(html), getHTML()}.
import { DOMParser as ModelParser, Fragment, Schema, Slice } from "../vendor/prosemirror/prosemirror-model.js";
import { EditorState, Plugin, TextSelection } from "../vendor/prosemirror/prosemirror-state.js";
import { Decoration, DecorationSet, EditorView } from "../vendor/prosemirror/prosemirror-view.js";
import {
  baseKeymap, chainCommands, createParagraphNear, exitCode, lift, liftEmptyBlock, setBlockType,
  splitBlock, splitBlockAs, toggleMark, wrapIn,
} from "../vendor/prosemirror/prosemirror-commands.js";
import { liftListItem, splitListItem, wrapInList } from "../vendor/prosemirror/prosemirror-schema-list.js";
import { history, redo, undo } from "../vendor/prosemirror/prosemirror-history.js";
import { keymap } from "../vendor/prosemirror/prosemirror-keymap.js";
import { dropCursor } from "../vendor/prosemirror/prosemirror-dropcursor.js";
import { gapCursor } from "../vendor/prosemirror/prosemirror-gapcursor.js";
import {
  inputRules, textblockTypeInputRule, wrappingInputRule,
} from "../vendor/prosemirror/prosemirror-inputrules.js";
import {
  addColumnAfter, addColumnBefore, addRowAfter, addRowBefore, CellSelection, deleteColumn, deleteRow,
  fixTables, goToNextCell, TableMap, tableEditing, tableNodes, toggleHeader,
} from "../vendor/prosemirror/prosemirror-tables.js";
import { chooseImage, figurePlugins, figureView } from "./figures.js";

// Schema ---------------------------------------------------------------------------------

// Links the body keeps: web and e-mail addresses, and relative ones (nh3 keeps those too).
// The scheme is read as a URL parser reads it: tabs and line breaks taken out first.
function safeHref(href) {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, ""));
  return href.trim() !== "" && (!scheme || /^(https?|mailto)$/i.test(scheme[1]));
}
const LINK_ADDRESS = /^(?:https?:\/\/|mailto:)\S+$/i;

// In content/body.py's order: a link outside em outside strong outside sub and sup.
const MARKS = {
  link: {
    attrs: { href: {}, title: { default: null } },
    inclusive: false,
    parseDOM: [{
      tag: "a[href]",
      getAttrs(dom) {
        const href = dom.getAttribute("href");
        if (!safeHref(href)) return false;
        return { href, title: dom.getAttribute("title") || null };
      },
    }],
    toDOM: (mark) => ["a", { href: mark.attrs.href, title: mark.attrs.title }, 0],
  },
  em: {
    parseDOM: [
      { tag: "em" }, { tag: "i" }, { style: "font-style=italic" },
      { style: "font-style=normal", clearMark: (mark) => mark.type.name === "em" },
    ],
    toDOM: () => ["em", 0],
  },
  strong: {
    parseDOM: [
      { tag: "strong" },
      // Google Docs wraps a whole copied document in <b style="font-weight:normal">.
      { tag: "b", getAttrs: (dom) => dom.style.fontWeight !== "normal" && null },
      { style: "font-weight=400", clearMark: (mark) => mark.type.name === "strong" },
      { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null },
    ],
    toDOM: () => ["strong", 0],
  },
  sub: {
    parseDOM: [{ tag: "sub" }, { style: "vertical-align=sub" }],
    toDOM: () => ["sub", 0],
  },
  sup: {
    parseDOM: [{ tag: "sup" }, { style: "vertical-align=super" }],
    toDOM: () => ["sup", 0],
  },
};

const TEXT = { group: "inline" };
const HARD_BREAK = {
  inline: true, group: "inline", selectable: false,
  parseDOM: [{ tag: "br" }], toDOM: () => ["br"],
};
const PARAGRAPH = { content: "inline*", group: "block", parseDOM: [{ tag: "p" }], toDOM: () => ["p", 0] };
// A quote's source: <cite> as the last child of a <blockquote> (a <footer> from web pages).
const CITE = {
  content: "inline*", defining: true,
  parseDOM: [{ tag: "blockquote > cite" }, { tag: "blockquote > footer" }],
  toDOM: () => ["cite", 0],
};

// A table (content/body.py's canonical form): <table> is the table_block, holding its
// caption (always there in the editor, empty when the table has none) and its rows, whose
// prosemirror-tables node is drawn as the <tbody>. Cells hold inline content only.
// normalise() gives every pasted or loaded table exactly that shape first.
const MAX_SPAN = 1000;

function spanOf(dom, name) {
  const value = (dom.getAttribute(name) || "").trim();
  return /^\d+$/.test(value) && Number(value) > 0 ? Math.min(Number(value), MAX_SPAN) : 1;
}

function tableSpecs() {
  const specs = tableNodes({ cellContent: "inline*", cellAttributes: {} });
  const cellAttrs = (dom) => ({ colspan: spanOf(dom, "colspan"), rowspan: spanOf(dom, "rowspan"), colwidth: null });
  const spans = (node) => ({
    colspan: node.attrs.colspan > 1 ? String(node.attrs.colspan) : null,
    rowspan: node.attrs.rowspan > 1 ? String(node.attrs.rowspan) : null,
  });
  return {
    table_block: {
      content: "table_caption table", group: "block", isolating: true,
      parseDOM: [{ tag: "table" }], toDOM: () => ["table", 0],
    },
    table_caption: { content: "inline*", isolating: true, parseDOM: [{ tag: "caption" }], toDOM: () => ["caption", 0] },
    table: { ...specs.table, group: undefined, parseDOM: [{ tag: "tbody" }], toDOM: () => ["tbody", 0] },
    table_row: specs.table_row,
    table_cell: {
      ...specs.table_cell,
      parseDOM: [{ tag: "td", getAttrs: cellAttrs }],
      toDOM: (node) => ["td", spans(node), 0],
    },
    table_header: {
      ...specs.table_header,
      parseDOM: [{ tag: "th", getAttrs: cellAttrs }],
      toDOM: (node) => ["th", spans(node), 0],
    },
  };
}
const TABLE_NODES = tableSpecs();

function headingRule(tag, level) {
  return { tag, attrs: { level } };
}

const BODY_NODES = {
  doc: { content: "block+" },
  paragraph: PARAGRAPH,
  heading: {
    attrs: { level: { default: 2 } }, content: "inline*", group: "block", defining: true,
    // The article's headline is the page's h1: h1 becomes a subheading, h4 to h6 small ones.
    parseDOM: [
      headingRule("h1", 2), headingRule("h2", 2), headingRule("h3", 3),
      headingRule("h4", 3), headingRule("h5", 3), headingRule("h6", 3),
    ],
    toDOM: (node) => [`h${node.attrs.level}`, 0],
  },
  blockquote: {
    content: "paragraph+ cite?", group: "block", defining: true,
    parseDOM: [{ tag: "blockquote" }], toDOM: () => ["blockquote", 0],
  },
  cite: CITE,
  bullet_list: { content: "list_item+", group: "block", parseDOM: [{ tag: "ul" }], toDOM: () => ["ul", 0] },
  ordered_list: { content: "list_item+", group: "block", parseDOM: [{ tag: "ol" }], toDOM: () => ["ol", 0] },
  list_item: { content: "paragraph+", defining: true, parseDOM: [{ tag: "li" }], toDOM: () => ["li", 0] },
  figure: {
    attrs: { id: {} }, group: "block", atom: true, draggable: true, selectable: true,
    parseDOM: [{
      tag: "figure[data-image-id]",
      getAttrs(dom) {
        const id = Number(dom.getAttribute("data-image-id"));
        return Number.isSafeInteger(id) && id > 0 ? { id } : false;
      },
    }],
    toDOM: (node) => ["figure", { "data-image-id": String(node.attrs.id) }],
  },
  ...TABLE_NODES,
  text: TEXT,
  hard_break: HARD_BREAK,
};

export const bodySchema = new Schema({ nodes: BODY_NODES, marks: MARKS });
// The translation desk's rows: inline content in paragraphs; a quote's row ends in its cite.
const rowSchema = new Schema({
  nodes: { doc: { content: "paragraph+" }, paragraph: PARAGRAPH, text: TEXT, hard_break: HARD_BREAK },
  marks: MARKS,
});
const tableRowSchema = new Schema({
  nodes: { doc: { content: "table_block" }, ...TABLE_NODES, text: TEXT, hard_break: HARD_BREAK },
  marks: MARKS,
});
const quoteRowSchema = new Schema({
  nodes: {
    doc: { content: "paragraph+ cite?" }, paragraph: PARAGRAPH, cite: CITE, text: TEXT,
    hard_break: HARD_BREAK,
  },
  marks: MARKS,
});

// Parsing: what Word, Google Docs and web pages put on the clipboard ---------------------

const MSO_LIST = /mso-list:/i;
const MSO_MARKER = /mso-list:\s*ignore/i;
const ORDERED_MARKER = /^\s*(?:\d+|[a-z]{1,3})[.)]/i;

// Word writes a list as paragraphs (class MsoListParagraph…, style mso-list) each starting
// with its bullet or number in a span styled mso-list:Ignore: make them one <ul> or <ol>.
function wordLists(root) {
  const isItem = (el) => el && el.nodeName === "P"
    && (/^MsoListParagraph/i.test(el.className) || MSO_LIST.test(el.getAttribute("style") || ""));
  for (const first of [...root.querySelectorAll("p")]) {
    if (!first.isConnected || !isItem(first) || isItem(previousElement(first))) continue;
    const items = [];
    for (let el = first; isItem(el); el = nextElement(el)) items.push(el);
    let ordered = false;
    const doc = root.ownerDocument;
    const list = doc.createElement("ul");
    for (const item of items) {
      for (const marker of item.querySelectorAll("[style]")) {
        if (MSO_MARKER.test(marker.getAttribute("style"))) {
          if (item === first) ordered = ORDERED_MARKER.test(marker.textContent);
          marker.remove();
        }
      }
      const li = doc.createElement("li");
      li.append(...item.childNodes);
      list.append(li);
    }
    const wanted = ordered ? doc.createElement("ol") : list;
    if (ordered) wanted.append(...list.childNodes);
    first.before(wanted);
    items.forEach((item) => item.remove());
  }
}

function previousElement(el) {
  let node = el.previousSibling;
  while (node && node.nodeType !== 1 && !(node.nodeType === 3 && node.data.trim())) node = node.previousSibling;
  return node && node.nodeType === 1 ? node : null;
}

function nextElement(el) {
  let node = el.nextSibling;
  while (node && node.nodeType !== 1 && !(node.nodeType === 3 && node.data.trim())) node = node.nextSibling;
  return node && node.nodeType === 1 ? node : null;
}

// Lists inside lists become items of the outer list (the body has no nested lists); Google
// Docs puts a nested <ul> straight in its parent <ul>, web pages in the <li>.
function flattenLists(root) {
  let inner;
  while ((inner = root.querySelector(":is(ul, ol, li) :is(ul, ol)"))) {
    const parent = inner.parentElement;
    const items = [...inner.children].filter((el) => el.nodeName === "LI");
    if (parent.nodeName === "LI") {
      parent.after(...items);
    } else if (parent.nodeName === "UL" || parent.nodeName === "OL") {
      inner.before(...items);
    } else {
      const item = inner.closest("li");
      item.after(...items);
    }
    inner.remove();
  }
}

// Tables, as content/body.py's sanitize() reads them: each becomes
// <table><caption>…</caption><tbody>rows</tbody></table>, its rows those of thead, tbody
// and the table itself in order, tfoot's last; a cell's (or caption's) blocks become lines
// of inline content (<br> between, a nested table's cells too). A table of one cell lays a
// page out: its caption and cell are left as blocks.
const BLOCKISH = new Set([
  "P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "BLOCKQUOTE", "PRE", "FIGURE",
  "FIGCAPTION", "SECTION", "ARTICLE", "HEADER", "FOOTER", "MAIN", "ASIDE", "NAV", "ADDRESS", "DL",
  "DT", "DD", "DETAILS", "SUMMARY", "HGROUP", "CENTER", "HR", "TABLE", "CAPTION", "THEAD", "TBODY",
  "TFOOT", "TR", "TD", "TH",
]);

function elementsOf(el, ...names) {
  return [...el.children].filter((child) => names.includes(child.nodeName));
}

// ``el``'s content as lines: block elements unwrapped, a <br> where one ended or began;
// no <br> at the edges nor two with no words between.
function inlineLines(el) {
  const doc = el.ownerDocument;
  for (const inner of [...el.querySelectorAll("*")].reverse()) {
    if (!BLOCKISH.has(inner.nodeName)) continue;
    inner.replaceWith(doc.createElement("br"), ...inner.childNodes, doc.createElement("br"));
  }
  const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let words = false;
  let lastBreak = null;
  const extra = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeName === "BR") {
      if (words) lastBreak = node;
      else extra.push(node);
      words = false;
    } else if (node.nodeType === 3 && node.data.trim()) {
      words = true;
    }
  }
  if (!words && lastBreak) extra.push(lastBreak);
  extra.forEach((br) => br.remove());
}

function tableRows(table) {
  const rows = [];
  const footer = [];
  for (const part of table.children) {
    if (part.nodeName === "TR") rows.push(part);
    else if (part.nodeName === "THEAD" || part.nodeName === "TBODY") rows.push(...elementsOf(part, "TR"));
    else if (part.nodeName === "TFOOT") footer.push(...elementsOf(part, "TR"));
  }
  return [...rows, ...footer];
}

// Lays ``rows`` (arrays of cells) on a grid as prosemirror-tables does, each cell at the first
// column free of cells and of rowspans from above, as content/body.py's _fitted does: spans
// running into another cell or below the last row are shortened, and short rows padded at
// their end with empty cells (fixTables pads some at their start), so that a pasted table
// is at once what saving it keeps. False, changing nothing, when the grid would have more
// than ``limit`` places.
function fitRows(rows, limit) {
  const doc = rows[0][0].ownerDocument;
  const taken = rows.map(() => new Set());
  const spans = [];
  let used = 0;
  for (const [r, cells] of rows.entries()) {
    let column = 0;
    for (const cell of cells) {
      while (taken[r].has(column)) column++;
      let width = 1;
      while (width < spanOf(cell, "colspan") && !taken[r].has(column + width)) {
        width++;
        if (used + width > limit) return false;
      }
      const free = (row) => [...Array(width).keys()].every((i) => !taken[row].has(column + i));
      let height = 1;
      while (height < Math.min(spanOf(cell, "rowspan"), rows.length - r) && free(r + height)) {
        height++;
        if (used + width * height > limit) return false;
      }
      used += width * height;
      for (let row = r; row < r + height; row++) {
        for (let i = 0; i < width; i++) taken[row].add(column + i);
      }
      spans.push([cell, width, height]);
      column += width;
    }
  }
  const width = Math.max(...taken.map((columns) => Math.max(...columns))) + 1;
  if (rows.length * width > limit) return false;
  for (const [cell, colspan, rowspan] of spans) {
    for (const [name, n] of [["colspan", colspan], ["rowspan", rowspan]]) {
      if (n > 1) cell.setAttribute(name, String(n));
      else cell.removeAttribute(name);
    }
  }
  rows.forEach((cells, r) => {
    for (let i = taken[r].size; i < width; i++) cells.push(doc.createElement("td"));
  });
  return true;
}

// As sanitize() bounds it (MAX_PADDING, MAX_PADDED): a grid of more places than this is no
// table but text (a <td colspan=1000> over many one-cell rows).
const gridLimit = (cells) => 4 * cells + 100;

function shapeTable(table) {
  const doc = table.ownerDocument;
  const captions = elementsOf(table, "CAPTION");
  const rows = tableRows(table).filter((row) => elementsOf(row, "TD", "TH").length);
  const cells = rows.flatMap((row) => elementsOf(row, "TD", "TH"));
  const grid = rows.map((row) => elementsOf(row, "TD", "TH"));
  if (cells.length <= 1 || !fitRows(grid, gridLimit(cells.length))) {
    // Not data (one cell lays a page out) or not a sane table: its caption and cells, in
    // their order, go on as blocks.
    const parts = table.querySelectorAll(
      ":scope > caption, :scope > tr > :is(td, th), :scope > :is(thead, tbody, tfoot) > tr > :is(td, th)",
    );
    const blocks = [...parts].map((part) => {
      const div = doc.createElement("div");
      div.append(...part.childNodes);
      return div;
    });
    table.replaceWith(...blocks);
    return false;
  }
  const caption = doc.createElement("caption");
  for (const part of captions) caption.append(doc.createElement("br"), ...part.childNodes, doc.createElement("br"));
  inlineLines(caption);
  const body = doc.createElement("tbody");
  for (const cells of grid) {
    const tr = doc.createElement("tr");
    for (const cell of cells) {
      inlineLines(cell);
      tr.append(cell);
    }
    body.append(tr);
  }
  for (const name of table.getAttributeNames()) {
    if (name !== "data-pm-slice") table.removeAttribute(name);
  }
  table.replaceChildren(caption, body);
  return true;
}

function tables(root) {
  const done = new Set();
  for (;;) {
    // The outermost table not done yet: a table's shaping flattens those inside it.
    const table = [...root.querySelectorAll("table")]
      .find((el) => !done.has(el) && !el.parentElement.closest("table"));
    if (!table) return;
    // ProseMirror's own clipboard wraps copied rows in a bare <table>: left as it is.
    if (table.hasAttribute("data-pm-slice") && !elementsOf(table, "CAPTION").length) done.add(table);
    else if (shapeTable(table)) done.add(table);
  }
}

function normalise(root) {
  for (const el of root.querySelectorAll("script, style, template, iframe, object, embed, img, svg")) el.remove();
  wordLists(root);
  tables(root);
  flattenLists(root);
  return root;
}

// An inert copy of ``html``: nothing in it loads or runs.
function fragmentOf(html) {
  const doc = new window.DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  return normalise(doc.body);
}

function transformPastedHTML(html) {
  return fragmentOf(html).innerHTML;
}

function wrapRow(html, kind) {
  if (kind === "ul" || kind === "ol") {
    return html.split("\n").map((line) => `<p>${line}</p>`).join("");
  }
  if (kind === "blockquote") return `<blockquote>${html}</blockquote>`;
  if (kind === "table") return `<table>${html}</table>`;
  return `<p>${html}</p>`;
}

function parse(html, editor) {
  const source = editor.mode === "inline" ? wrapRow(html || "", editor.kind) : html || "";
  return ModelParser.fromSchema(editor.schema).parse(fragmentOf(source));
}

// Serialising: exactly the canonical form of content/body.py's sanitize() ----------------
//
// A port of its _paragraphs, _inline_html and _write: a textblock becomes tokens (text
// with its marks, <br> with its marks, PARA between paragraphs), written with whitespace
// collapsed, none at a line's edges, runs of <br> as one (two or more in a paragraph end
// it), a space or <br> carrying the marks of the words on both sides, and marks still
// wanted kept open. Opening and saving an unchanged body must give the same string.

const SPACE = /([ \t\n\r\f]+)/;
const SPACE_ONLY = /^[ \t\n\r\f]*$/;
const MARK_ORDER = { a: 0, em: 1, strong: 2, sub: 3, sup: 4 };
const PARA = { para: true };

function escapeText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\u00a0/g, "&nbsp;");
}

function escapeAttribute(value) {
  return escapeText(value).replace(/"/g, "&quot;");
}

// A mark as a string key: "em", "strong", "sub", "sup" or JSON ["a", href, title].
function markKey(mark) {
  if (mark.type.name !== "link") return mark.type.name;
  return JSON.stringify(["a", mark.attrs.href, mark.attrs.title || ""]);
}

function markName(key) {
  return key.startsWith("[") ? "a" : key;
}

function startTag(key) {
  if (!key.startsWith("[")) return `<${key}>`;
  const [, href, title] = JSON.parse(key);
  const titled = title ? ` title="${escapeAttribute(title)}"` : "";
  return `<a href="${escapeAttribute(href)}"${titled} rel="noopener">`;
}

function tokensOf(textblock) {
  const tokens = [];
  textblock.forEach((child) => {
    const marks = new Set(child.marks.map(markKey));
    if (child.isText) tokens.push({ text: child.text, marks });
    else if (child.type.name === "hard_break") tokens.push({ br: true, marks });
  });
  return tokens;
}

function isSpace(token) {
  return token.text !== undefined && SPACE_ONLY.test(token.text);
}

// Paragraph tokens split at PARA and at two or more <br> in a row.
function paragraphs(tokens) {
  const groups = [[]];
  let between = [];
  for (const token of tokens) {
    if (token === PARA) {
      groups.push([]);
      between = [];
    } else if (token.br || isSpace(token)) {
      between.push(token);
    } else {
      if (between.filter((t) => t.br).length > 1) groups.push([]);
      else groups[groups.length - 1].push(...between);
      between = [];
      groups[groups.length - 1].push(token);
    }
  }
  return groups;
}

function intersect(a, b) {
  return new Set([...a].filter((key) => b.has(key)));
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((key) => b.has(key));
}

/** Inline tokens written canonically; "" when there are no words. */
function inlineHTML(tokens) {
  const atoms = []; // {text, marks}: text " " is a space, null a <br>
  const last = () => atoms[atoms.length - 1];
  for (const token of tokens) {
    if (token.br) {
      while (atoms.length && last().text === " ") atoms.pop();
      if (atoms.length && last().text !== null) atoms.push({ text: null, marks: token.marks });
    } else if (token.text !== undefined) {
      for (const piece of token.text.split(SPACE)) {
        if (!piece) continue;
        if (SPACE_ONLY.test(piece)) {
          if (atoms.length && last().text !== " " && last().text !== null) atoms.push({ text: " ", marks: token.marks });
        } else {
          atoms.push({ text: piece, marks: token.marks });
        }
      }
    }
  }
  while (atoms.length && (last().text === " " || last().text === null)) atoms.pop();
  // Python's str.strip(): a word of no-break spaces alone is no word.
  if (!atoms.some((atom) => atom.text && atom.text.trim())) return "";
  atoms.forEach((atom, i) => {
    if (atom.text === " " || atom.text === null) atom.marks = intersect(atoms[i - 1].marks, atoms[i + 1].marks);
  });
  const runs = [];
  for (const { text, marks } of atoms) {
    const previous = runs[runs.length - 1];
    if (previous && text !== null && previous.text !== null && sameSet(previous.marks, marks)) previous.text += text;
    else runs.push({ text, marks });
  }
  let html = "";
  const stack = [];
  for (const { text, marks } of runs) {
    let keep = 0;
    while (keep < stack.length && marks.has(stack[keep])) keep++;
    while (stack.length > keep) html += `</${markName(stack.pop())}>`;
    const opened = [...marks].filter((key) => !stack.includes(key))
      .sort((a, b) => MARK_ORDER[markName(a)] - MARK_ORDER[markName(b)]);
    for (const key of opened) { html += startTag(key); stack.push(key); }
    html += text === null ? "<br>" : escapeText(text);
  }
  while (stack.length) html += `</${markName(stack.pop())}>`;
  return html;
}

// The tokens of several textblocks, each ending a line (their <br> boundary).
function linesOf(nodes) {
  const tokens = [];
  for (const node of nodes) tokens.push({ br: true, marks: new Set() }, ...tokensOf(node));
  return tokens;
}

function childrenOf(node, name) {
  const found = [];
  node.forEach((child) => { if (!name || child.type.name === name) found.push(child); });
  return found;
}

function paragraphsHTML(textblocks) {
  const tokens = [];
  textblocks.forEach((block, i) => { if (i) tokens.push(PARA); tokens.push(...tokensOf(block)); });
  return paragraphs(tokens).map(inlineHTML).filter(Boolean);
}

// A quote's paragraphs then its <cite>; a cite alone is the quote's paragraph.
function quoteInner(node) {
  let texts = paragraphsHTML(childrenOf(node, "paragraph"));
  let cite = inlineHTML(linesOf(childrenOf(node, "cite")));
  if (!texts.length) [texts, cite] = [cite ? [cite] : [], ""];
  if (!texts.length) return "";
  return texts.map((html) => `<p>${html}</p>`).join("") + (cite ? `<cite>${cite}</cite>` : "");
}

function wrapped(tag, inner) {
  return inner ? `<${tag}>${inner}</${tag}>` : "";
}

// A table_block's caption and rows of cells (rows without cells left out), each cell's
// content canonical inline HTML.
function tableParts(block) {
  const caption = inlineHTML(linesOf(childrenOf(block, "table_caption")));
  const rows = childrenOf(childrenOf(block, "table")[0] || block, "table_row")
    .map((row) => childrenOf(row).map((cell) => ({
      header: cell.type.name === "table_header",
      colspan: Math.min(cell.attrs.colspan, MAX_SPAN),
      rowspan: Math.min(cell.attrs.rowspan, MAX_SPAN),
      html: inlineHTML(tokensOf(cell)),
      node: cell,
    })))
    .filter((cells) => cells.length);
  return { caption, rows };
}

function cellHTML({ header, colspan, rowspan, html }) {
  const tag = header ? "th" : "td";
  const spans = (colspan > 1 ? ` colspan="${colspan}"` : "") + (rowspan > 1 ? ` rowspan="${rowspan}"` : "");
  return `<${tag}${spans}>${html}</${tag}>`;
}

/** A table's inner HTML, canonical: "" when no cell nor its caption has words, unless
 * ``empty`` keeps its shape (a desk row keeps its table's to be filled in). */
function tableInner({ caption, rows }, { empty = false } = {}) {
  if (!empty && !caption && !rows.some((cells) => cells.some((cell) => cell.html))) return "";
  const row = (cells) => `<tr>${cells.map(cellHTML).join("")}</tr>`;
  // The first row is the head when it is all header cells and more rows follow.
  const head = rows.length > 1 && rows[0].every((cell) => cell.header) ? 1 : 0;
  return (caption ? `<caption>${caption}</caption>` : "")
    + (head ? `<thead>${row(rows[0])}</thead>` : "")
    + `<tbody>${rows.slice(head).map(row).join("")}</tbody>`;
}

function tableHTML(block) {
  const parts = tableParts(block);
  const cells = parts.rows.flat();
  if (cells.length <= 1) {
    // A table of one cell is no table (as sanitize() reads it): its caption and cell are
    // the body's paragraphs.
    const textblocks = [...childrenOf(block, "table_caption"), ...cells.map((cell) => cell.node)];
    return paragraphsHTML(textblocks).map((html) => `<p>${html}</p>`).join("");
  }
  return wrapped("table", tableInner(parts));
}

function blockHTML(node) {
  switch (node.type.name) {
    case "paragraph": return paragraphsHTML([node]).map((html) => `<p>${html}</p>`).join("");
    case "heading": return wrapped(`h${node.attrs.level}`, inlineHTML(tokensOf(node)));
    case "blockquote": return wrapped("blockquote", quoteInner(node));
    case "bullet_list":
    case "ordered_list": {
      // An item's paragraphs are lines of one <li>: the body's items hold inline content.
      const items = childrenOf(node).map((item) => wrapped("li", inlineHTML(linesOf(childrenOf(item)))));
      return wrapped(node.type.name === "bullet_list" ? "ul" : "ol", items.join(""));
    }
    case "figure": return `<figure data-image-id="${node.attrs.id}"></figure>`;
    case "table_block": return tableHTML(node);
    default: return "";
  }
}

/** The canonical HTML of a whole body. */
export function toHTML(doc) {
  return childrenOf(doc).map(blockHTML).join("");
}

/** What a translation desk row holds for its block ``kind`` (see translations.editable_text). */
export function rowHTML(doc, kind) {
  if (kind === "blockquote") return quoteInner(doc);
  if (kind === "table") return tableInner(tableParts(doc.firstChild), { empty: true });
  if (kind === "ul" || kind === "ol") {
    return childrenOf(doc).map((line) => inlineHTML(tokensOf(line))).filter(Boolean).join("\n");
  }
  return inlineHTML(linesOf(childrenOf(doc)));
}

// Commands -------------------------------------------------------------------------------

function ancestor(state, type) {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type === type) return depth;
  }
  return null;
}

function textblockIs(state, type, attrs) {
  const { $from, to } = state.selection;
  return to <= $from.end() && $from.parent.hasMarkup(type, attrs);
}

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks || $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

function toggleBlock(type, attrs, schema) {
  return (state, dispatch) => textblockIs(state, type, attrs)
    ? setBlockType(schema.nodes.paragraph)(state, dispatch)
    : setBlockType(type, attrs)(state, dispatch);
}

function toggleList(type, schema) {
  return (state, dispatch) => {
    const depth = ancestor(state, schema.nodes.bullet_list) ?? ancestor(state, schema.nodes.ordered_list);
    if (depth === null) return wrapInList(type)(state, dispatch);
    const list = state.selection.$from.node(depth);
    if (list.type === type) return liftListItem(schema.nodes.list_item)(state, dispatch);
    if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(depth), type));
    return true;
  };
}

function toggleQuote(schema) {
  return (state, dispatch) => ancestor(state, schema.nodes.blockquote) !== null
    ? lift(state, dispatch)
    : wrapIn(schema.nodes.blockquote)(state, dispatch);
}

function insertHardBreak(state, dispatch) {
  const br = state.schema.nodes.hard_break;
  if (!state.selection.$from.parent.inlineContent) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(br.create()).scrollIntoView());
  return true;
}

// Tables ---------------------------------------------------------------------------------

// Enter in a cell or a caption is a line break: they hold inline content only.
function breakInTable(state, dispatch) {
  const name = state.selection.$from.parent.type.name;
  if (!["table_cell", "table_header", "table_caption"].includes(name)) return false;
  return insertHardBreak(state, dispatch);
}

// A table of three columns and three rows, the first its head, after the block the
// selection is in (in place of an empty paragraph); the cursor in its first cell.
function insertTable(state, dispatch) {
  const { nodes } = state.schema;
  const { $from } = state.selection;
  if (ancestor(state, nodes.table_block) !== null || $from.depth < 1) return false;
  if (dispatch) {
    const row = (type) => nodes.table_row.create(null, [type.create(), type.create(), type.create()]);
    const table = nodes.table_block.create(null, [
      nodes.table_caption.create(),
      nodes.table.create(null, [row(nodes.table_header), row(nodes.table_cell), row(nodes.table_cell)]),
    ]);
    const block = $from.node(1);
    const empty = block.type === nodes.paragraph && block.content.size === 0;
    const at = empty ? $from.before(1) : $from.after(1);
    const tr = state.tr.replaceWith(at, empty ? $from.after(1) : at, table);
    // Into the table, past its caption (2) to the first cell's text.
    const caption = table.firstChild.nodeSize;
    dispatch(tr.setSelection(TextSelection.create(tr.doc, at + 1 + caption + 3)).scrollIntoView());
  }
  return true;
}

function deleteTable(state, dispatch) {
  const depth = ancestor(state, state.schema.nodes.table_block);
  if (depth === null) return false;
  if (dispatch) {
    const { $from } = state.selection;
    const from = $from.before(depth);
    const to = $from.after(depth);
    // The body is never empty: a paragraph takes the place of its only table.
    const tr = state.doc.childCount === 1
      ? state.tr.replaceWith(from, to, state.schema.nodes.paragraph.create())
      : state.tr.delete(from, to);
    dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(from, tr.doc.content.size)))).scrollIntoView());
  }
  return true;
}

// A desk row's table keeps the original's shape: select-all takes its cells, so that
// deleting or typing over them empties cells rather than removing rows.
function selectAllCells(state, dispatch) {
  const block = state.doc.firstChild;
  const table = block.lastChild;
  const start = 1 + block.firstChild.nodeSize + 1; // into the block, past the caption, into the rows
  const map = TableMap.get(table);
  if (!map.map.length) return false;
  if (dispatch) {
    dispatch(state.tr.setSelection(CellSelection.create(state.doc, start + map.map[0], start + map.map[map.map.length - 1])));
  }
  return true;
}

const toggleHeaderRow = toggleHeader("row");

function headerRowActive(state) {
  const depth = ancestor(state, state.schema.nodes.table);
  if (depth === null) return false;
  const first = state.selection.$from.node(depth).firstChild;
  let all = first.childCount > 0;
  first.forEach((cell) => { if (cell.type.name !== "table_header") all = false; });
  return all;
}

// What is pasted into a cell or a caption stays there: a table's cells are laid over the
// cells from the selection on (prosemirror-tables' handlePaste), anything else becomes
// its lines. ProseMirror would otherwise split the table around pasted blocks.
function openInline(slice) {
  let { content, openStart, openEnd } = slice;
  while (content.childCount === 1 && openStart > 0 && openEnd > 0 && !content.firstChild.isInline) {
    content = content.firstChild.content;
    openStart--;
    openEnd--;
  }
  let inline = true;
  content.forEach((node) => { if (!node.isInline) inline = false; });
  return inline;
}

function pasteIntoTables() {
  return new Plugin({
    props: {
      transformPasted(slice, view) {
        const { schema, selection } = view.state;
        const place = selection.$from.parent.type.name;
        if (!["table_cell", "table_header", "table_caption"].includes(place) || openInline(slice)) return slice;
        if (place !== "table_caption") {
          // Rows or cells (as ProseMirror copies them) are prosemirror-tables' already.
          if (slice.content.firstChild.type.spec.tableRole) return slice;
          let table = null;
          slice.content.descendants((node) => {
            if (!table && node.type.spec.tableRole === "table") table = node;
            return !table;
          });
          if (table) return new Slice(Fragment.from(table), 0, 0);
        }
        const inline = [];
        slice.content.descendants((node) => {
          if (node.isTextblock) {
            if (inline.length) inline.push(schema.nodes.hard_break.create());
            node.forEach((child) => inline.push(child));
            return false;
          }
          if (node.isInline) inline.push(node);
          return !node.isInline;
        });
        return new Slice(Fragment.fromArray(inline), 0, 0);
      },
    },
  });
}

// "Caption (optional)" shown in an empty caption, as CSS content (never in the body).
function captionPlaceholder(label) {
  return new Plugin({
    props: {
      decorations(state) {
        const found = [];
        state.doc.descendants((node, pos) => {
          if (node.type.name === "table_caption" && node.content.size === 0) {
            found.push(Decoration.node(pos, pos + node.nodeSize, { class: "body-editor-empty", "data-placeholder": label }));
          }
          return node.isBlock && !node.isTextblock;
        });
        return DecorationSet.create(state.doc, found);
      },
    },
  });
}

// Enter in a paragraph makes a paragraph (in a quote ProseMirror would pick its source).
function splitParagraph(state, dispatch) {
  if (state.selection.$from.parent.type.name !== "paragraph") return splitBlock(state, dispatch);
  return splitBlockAs(() => ({ type: state.schema.nodes.paragraph }))(state, dispatch);
}

// Enter at the end of a quote's source leaves the quote for a new paragraph.
function leaveQuote(state, dispatch) {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== "cite" || $from.parentOffset < $from.parent.content.size) return false;
  if ($from.depth < 2) return false; // a desk row's quote ends with its source
  const after = $from.after(-1);
  if (dispatch) {
    const tr = state.tr.insert(after, state.schema.nodes.paragraph.create());
    dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView());
  }
  return true;
}

const enter = chainCommands(leaveQuote, createParagraphNear, liftEmptyBlock, splitParagraph);

// The range of the link mark around ``$pos`` in its textblock.
function linkRange($pos, type) {
  const parent = $pos.parent;
  const start = $pos.start();
  let index = $pos.index();
  const mark = (parent.maybeChild(index) && type.isInSet(parent.child(index).marks))
    || (index > 0 && type.isInSet(parent.child(index - 1).marks));
  if (!mark) return null;
  if (!(parent.maybeChild(index) && mark.isInSet(parent.child(index).marks))) index -= 1;
  let from = index;
  let to = index + 1;
  while (from > 0 && mark.isInSet(parent.child(from - 1).marks)) from--;
  while (to < parent.childCount && mark.isInSet(parent.child(to).marks)) to++;
  let fromPos = start;
  for (let i = 0; i < from; i++) fromPos += parent.child(i).nodeSize;
  let toPos = fromPos;
  for (let i = from; i < to; i++) toPos += parent.child(i).nodeSize;
  return { from: fromPos, to: toPos, mark };
}

// Labels and the link dialog -------------------------------------------------------------

const LABELS = {
  toolbar: "Formatting",
  paragraph: "Paragraph",
  subheading: "Subheading",
  small_subheading: "Small subheading",
  quote: "Quote",
  cite: "Source of the quote",
  bullet_list: "Bulleted list",
  ordered_list: "Numbered list",
  bold: "Bold",
  italic: "Italic",
  link: "Link",
  picture: "Picture",
  undo: "Undo",
  redo: "Redo",
  link_address: "Link address",
  link_apply: "Add the link",
  link_remove: "Remove the link",
  cancel: "Cancel",
  link_invalid: "A web address (http:// or https://) or an e-mail address (mailto:).",
  table: "Insert a table",
  row_above: "Add a row above",
  row_below: "Add a row below",
  column_before: "Add a column before",
  column_after: "Add a column after",
  delete_row: "Delete the row",
  delete_column: "Delete the column",
  header_row: "Header row",
  delete_table: "Delete the table",
  caption_placeholder: "Caption (optional)",
};

function labelsFor(textarea) {
  const holder = textarea.closest("[data-editor-labels]");
  if (!holder) return LABELS;
  try {
    return { ...LABELS, ...JSON.parse(holder.dataset.editorLabels) };
  } catch {
    return LABELS;
  }
}

function element(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

// Asks for a link's address in a small dialog; calls ``done(href)`` (null: remove the link).
function askLink(editor, current, done) {
  const { labels } = editor;
  const input = element("input", { type: "text", inputmode: "url", autocomplete: "url", spellcheck: "false" });
  input.value = current || "https://";
  const id = `body-editor-link-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  const error = element("p", { class: "errornote", role: "alert", hidden: "" });
  const apply = element("button", { type: "submit", class: "default" }, labels.link_apply);
  const remove = element("button", { type: "button", class: "button" }, labels.link_remove);
  const cancel = element("button", { type: "button", class: "button" }, labels.cancel);
  remove.hidden = !current;
  const form = element(
    "form", { method: "dialog" },
    element("label", { for: id }, labels.link_address), input, error,
    element("div", { class: "body-editor-dialog-buttons" }, apply, remove, cancel),
  );
  const dialog = element("dialog", { class: "body-editor-dialog", "aria-label": labels.link }, form);
  editor.wrapper.append(dialog);
  const close = () => { dialog.close(); dialog.remove(); editor.view.focus(); };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let href = input.value.trim();
    if (href && !/^[a-z][a-z0-9+.-]*:/i.test(href) && /^[^\s/]+\.[^\s]+$/.test(href)) {
      href = (href.includes("@") && !href.includes("/") ? "mailto:" : "https://") + href;
    }
    if (!LINK_ADDRESS.test(href)) {
      error.textContent = labels.link_invalid;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    close();
    done(href);
  });
  remove.addEventListener("click", () => { close(); done(null); });
  cancel.addEventListener("click", close);
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
  dialog.showModal();
  input.select();
}

function editLink(editor) {
  const { view } = editor;
  const { state } = view;
  const type = state.schema.marks.link;
  const { selection } = state;
  const around = linkRange(selection.$from, type);
  const current = around && (selection.empty || (selection.from >= around.from && selection.to <= around.to))
    ? around : null;
  askLink(editor, current && current.mark.attrs.href, (href) => {
    const { state } = view;
    let { from, to, empty } = state.selection;
    if (current) { ({ from, to } = current); empty = false; }
    let tr = state.tr.removeMark(from, to, type);
    if (href !== null) {
      if (empty) {
        tr = tr.insertText(href, from, to);
        to = from + href.length;
      }
      tr = tr.addMark(from, to, type.create({ href, title: current ? current.mark.attrs.title : null }));
    }
    view.dispatch(tr.scrollIntoView());
  });
}

// The toolbar ----------------------------------------------------------------------------

function toolbarItems(editor) {
  const { schema, mode, labels } = editor;
  const { nodes, marks } = schema;
  const items = [];
  const add = (name, glyph, run, { active = null, enabled = run, shortcut = "", shown = null } = {}) => {
    items.push({ name, glyph, run, active, enabled, shown, label: labels[name], shortcut });
  };
  if (mode === "body") {
    add("paragraph", "¶", chainCommands(setBlockType(nodes.paragraph), liftListItem(nodes.list_item), lift), {
      active: (state) => textblockIs(state, nodes.paragraph)
        && ancestor(state, nodes.list_item) === null && ancestor(state, nodes.blockquote) === null,
    });
    add("subheading", "H2", toggleBlock(nodes.heading, { level: 2 }, schema), {
      active: (state) => textblockIs(state, nodes.heading, { level: 2 }),
    });
    add("small_subheading", "H3", toggleBlock(nodes.heading, { level: 3 }, schema), {
      active: (state) => textblockIs(state, nodes.heading, { level: 3 }),
    });
    add("quote", "❝", toggleQuote(schema), { active: (state) => ancestor(state, nodes.blockquote) !== null });
  }
  if (nodes.cite) {
    add("cite", "—", toggleBlock(nodes.cite, null, schema), { active: (state) => textblockIs(state, nodes.cite) });
  }
  if (mode === "body") {
    add("bullet_list", "•", toggleList(nodes.bullet_list, schema), {
      active: (state) => ancestor(state, nodes.bullet_list) !== null,
    });
    add("ordered_list", "1.", toggleList(nodes.ordered_list, schema), {
      active: (state) => ancestor(state, nodes.ordered_list) !== null,
    });
  }
  add("bold", "B", toggleMark(marks.strong), { active: (state) => markActive(state, marks.strong), shortcut: "Mod-B" });
  add("italic", "I", toggleMark(marks.em), { active: (state) => markActive(state, marks.em), shortcut: "Mod-I" });
  add("link", null, () => { editLink(editor); return true; }, {
    active: (state) => markActive(state, marks.link),
    enabled: (state) => toggleMark(marks.link)(state),
    shortcut: "Mod-K",
  });
  if (mode === "body") {
    add("picture", null, () => { chooseImage(editor.view); return true; }, { enabled: () => true });
    add("table", null, insertTable);
    // What changes a table's shape, shown while the selection is in one (its caption too).
    const inTable = { shown: (state) => ancestor(state, nodes.table_block) !== null };
    add("row_above", null, addRowBefore, inTable);
    add("row_below", null, addRowAfter, inTable);
    add("column_before", null, addColumnBefore, inTable);
    add("column_after", null, addColumnAfter, inTable);
    add("delete_row", null, deleteRow, inTable);
    add("delete_column", null, deleteColumn, inTable);
    add("header_row", null, toggleHeaderRow, { ...inTable, active: headerRowActive });
    add("delete_table", null, deleteTable, inTable);
  }
  add("undo", "↶", undo, { shortcut: "Mod-Z" });
  add("redo", "↷", redo, { shortcut: "Mod-Shift-Z" });
  return items;
}

function shortcutText(shortcut) {
  const mac = /Mac|iP(hone|[oa]d)/.test(navigator.platform);
  return shortcut.replace("Mod", mac ? "⌘" : "Ctrl").replace(/-/g, "+");
}

function toolbarPlugin(editor, toolbar) {
  const buttons = toolbarItems(editor).map((item) => {
    const button = element("button", {
      type: "button",
      class: `body-editor-button body-editor-${item.name.replace(/_/g, "-")}`,
      "aria-label": item.label,
      title: item.shortcut ? `${item.label} (${shortcutText(item.shortcut)})` : item.label,
      "aria-pressed": item.active ? "false" : null,
    }, item.glyph ? element("span", { "aria-hidden": "true" }, item.glyph) : item.label);
    // Keep the editor's selection: the button acts on it.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      const { view } = editor;
      item.run(view.state, view.dispatch, view);
      if (item.name !== "link" && item.name !== "picture") view.focus();
    });
    toolbar.append(button);
    return { item, button };
  });
  // One tab stop for the whole toolbar; the arrow keys, Home and End move along it (the
  // ARIA toolbar pattern), so Tab goes from the toolbar straight to the text.
  let current = 0;
  const focusable = () => buttons.filter(({ button }) => !button.disabled).map(({ button }) => button);
  const rove = () => {
    const enabled = focusable();
    const target = buttons[current] && !buttons[current].button.disabled ? buttons[current].button : enabled[0];
    for (const { button } of buttons) button.tabIndex = button === target ? 0 : -1;
  };
  toolbar.addEventListener("keydown", (event) => {
    const enabled = focusable();
    const at = enabled.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: enabled.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const button = enabled[(next + enabled.length) % enabled.length];
    current = buttons.findIndex((entry) => entry.button === button);
    rove();
    button.focus();
  });
  toolbar.addEventListener("focusin", (event) => {
    const index = buttons.findIndex((entry) => entry.button === event.target);
    if (index >= 0) { current = index; rove(); }
  });
  return new Plugin({
    view(view) {
      const update = () => {
        toolbar.hidden = !view.editable;
        for (const { item, button } of buttons) {
          if (item.shown) button.hidden = !item.shown(view.state);
          button.disabled = button.hidden || !view.editable || !item.enabled(view.state);
          if (item.active) button.setAttribute("aria-pressed", String(Boolean(item.active(view.state))));
        }
        rove();
      };
      update();
      return { update };
    },
  });
}

// Keys and input rules -------------------------------------------------------------------

function editorKeymap(editor) {
  const { schema, mode, kind } = editor;
  const { nodes, marks } = schema;
  const keys = {
    "Mod-z": undo,
    "Mod-Shift-z": redo,
    "Mod-y": redo,
    "Mod-b": toggleMark(marks.strong),
    "Mod-i": toggleMark(marks.em),
    "Mod-k": (state) => { if (!toggleMark(marks.link)(state)) return false; editLink(editor); return true; },
    "Shift-Enter": chainCommands(exitCode, insertHardBreak),
    "Mod-Enter": chainCommands(exitCode, insertHardBreak),
  };
  keys.Enter = nodes.list_item ? chainCommands(splitListItem(nodes.list_item), enter) : enter;
  if (nodes.table_block) keys.Enter = chainCommands(breakInTable, keys.Enter);
  // A row of one paragraph or heading stays one block: Enter is a line break there.
  if (mode === "inline" && !["ul", "ol", "blockquote", "table"].includes(kind)) keys.Enter = insertHardBreak;
  if (kind === "table") keys["Mod-a"] = selectAllCells;
  return keymap(keys);
}

function editorInputRules(schema) {
  const { nodes } = schema;
  return inputRules({
    rules: [
      textblockTypeInputRule(/^##\s$/, nodes.heading, { level: 2 }),
      textblockTypeInputRule(/^###\s$/, nodes.heading, { level: 3 }),
      wrappingInputRule(/^>\s$/, nodes.blockquote),
      wrappingInputRule(/^[-*•]\s$/, nodes.bullet_list),
      wrappingInputRule(/^1[.)]\s$/, nodes.ordered_list),
    ],
  });
}

// Mounting -------------------------------------------------------------------------------

function labelOf(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
  return label ? label.textContent.trim().replace(/:$/, "") : null;
}

/** Replace ``textarea`` (data-body-editor="body" or "inline") with a ProseMirror editor. */
export function mount(textarea) {
  if (textarea.bodyEditor) return textarea.bodyEditor;
  const mode = textarea.dataset.bodyEditor === "inline" ? "inline" : "body";
  const kind = mode === "inline" ? textarea.dataset.block || "p" : "body";
  const schema = mode === "body" ? bodySchema
    : { blockquote: quoteRowSchema, table: tableRowSchema }[kind] || rowSchema;
  const editor = { textarea, mode, kind, schema, labels: labelsFor(textarea) };
  const serialise = mode === "body" ? toHTML : (doc) => rowHTML(doc, kind);

  const wrapper = element("div", { class: `body-editor body-editor-${mode} body-editor-${mode}-${kind}` });
  const toolbar = element("div", { class: "body-editor-toolbar", role: "toolbar", "aria-label": editor.labels.toolbar });
  wrapper.append(toolbar);
  editor.wrapper = wrapper;
  textarea.before(wrapper);
  textarea.hidden = true;

  const plugins = [];
  if (schema.nodes.table_block) {
    // Tab and Shift-Tab go from cell to cell (out of the table at its ends, as Tab does).
    plugins.push(
      tableEditing(),
      pasteIntoTables(),
      keymap({ Tab: goToNextCell(1), "Shift-Tab": goToNextCell(-1) }),
      captionPlaceholder(editor.labels.caption_placeholder),
    );
  }
  plugins.push(
    editorKeymap(editor),
    keymap(baseKeymap),
    history(),
    dropCursor(),
    gapCursor(),
    toolbarPlugin(editor, toolbar),
  );
  if (mode === "body") plugins.push(editorInputRules(schema), ...figurePlugins(schema));

  let state = EditorState.create({ doc: parse(textarea.value, editor), plugins });
  // Tables shaped as prosemirror-tables needs them from the start (tableEditing does it
  // after each change): a row short of cells gets empty ones.
  const fixed = fixTables(state);
  if (fixed) state = state.apply(fixed);
  let value = textarea.value;
  const view = new EditorView(wrapper, {
    state,
    editable: () => !textarea.readOnly && !textarea.disabled,
    nodeViews: mode === "body" ? { figure: (node, view, getPos) => figureView(node, view, getPos) } : {},
    transformPastedHTML,
    attributes: Object.fromEntries(Object.entries({
      class: "body-editor-content",
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": labelOf(textarea),
      "aria-describedby": textarea.getAttribute("aria-describedby"),
      lang: textarea.getAttribute("lang"),
    }).filter(([, value]) => value)),
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (!tr.docChanged) return;
      const html = serialise(view.state.doc);
      if (html === value) return;
      value = html;
      textarea.value = html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  editor.view = view;
  const api = {
    view,
    setHTML(html) {
      const doc = parse(html, editor);
      view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content));
    },
    getHTML: () => serialise(view.state.doc),
  };
  textarea.bodyEditor = api;
  return api;
}

/** Mount an editor on each textarea[data-body-editor] under ``root``. */
export function mountAll(root = document) {
  root.querySelectorAll("textarea[data-body-editor]").forEach(mount);
}

mountAll();
