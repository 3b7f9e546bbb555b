// Pictures in the body editor (imported by editor.js).
//
// A figure shows its picture with its caption, credit and alt text typed under it; image
// files dropped or pasted are uploaded and put in place; the toolbar's Picture button opens
// the library. The server is admin:newsroom_editor_images (newsroom/images.py), named by
// the textarea's data-images-url. The texts typed go to the server in the form's hidden
// body_images input, JSON {id: {caption, credit, alt_text}}, saved by ArticleForm in the
// article's language (the form's language field).
import { NodeSelection, Plugin, PluginKey } from "../vendor/prosemirror/prosemirror-state.js";
import { Decoration, DecorationSet } from "../vendor/prosemirror/prosemirror-view.js";
import { insertPoint } from "../vendor/prosemirror/prosemirror-transform.js";

const TEXTS = ["caption", "credit", "alt_text"];
// Until the server's labels (in the user's language) arrive.
const LABELS = {
  caption: "Caption",
  credit: "Credit",
  alt_text: "Alt text",
  required: "required",
  alt_help: "What the picture shows, for readers who cannot see it.",
  fallback: "Not written in this language yet; readers see: %(text)s",
  read_only: "Only an editor may change this picture's texts now.",
  remove: "Remove picture",
  missing: "Picture %(id)s cannot be shown: it was deleted or you cannot see it.",
  loading: "Loading picture…",
  uploading: "Uploading %(name)s…",
  upload_failed: "%(name)s was not uploaded: %(reason)s",
  reused: "This picture was in the library already: it is used again.",
  network: "The server could not be reached. Try again.",
  server_error: "The server could not answer (error %(status)s). Try again.",
  too_large: "This file is larger than the upload limit. Please upload a smaller one.",
  expired: "Your session has expired: save your work in another tab, then reload.",
  dialog_title: "Insert a picture",
  search: "Search the library",
  search_help: "Caption, alt text, credit or source, in any language.",
  results: "Pictures in the library",
  no_results: "No picture matches.",
  upload: "Or upload a new one",
  upload_button: "Upload and insert",
  choose_file: "Choose a picture file first.",
  choose: "Insert",
  close: "Close",
  untitled: "Picture %(id)s, no caption yet",
};
let labels = LABELS;
let uid = 0;

function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

function element(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

// One context per editor: where to ask, the form, the pictures' details, the texts typed.

const contexts = new WeakMap();

function imagesTextarea(view) {
  for (let el = view.dom.parentElement; el; el = el.parentElement) {
    if (el.dataset && el.dataset.imagesUrl && el.nodeName !== "TEXTAREA") return el;
    const textarea = el.querySelector("textarea[data-images-url]");
    if (textarea) return textarea;
  }
  return null;
}

function contextOf(view) {
  let context = contexts.get(view);
  if (context) return context;
  const holder = imagesTextarea(view);
  const form = (holder && holder.form) || view.dom.closest("form") || (holder && holder.closest("form"));
  context = {
    view,
    url: holder ? holder.dataset.imagesUrl : "",
    form,
    details: new Map(), // "language:id" → Promise of the details (null: not to be had)
    pending: new Map(), // ids asked for in the next request
    views: new Set(),
    edits: {},
    hidden: null,
    status: null,
  };
  contexts.set(view, context);
  context.hidden = hiddenInput(context);
  try {
    const kept = JSON.parse(context.hidden.value || "{}");
    if (kept && typeof kept === "object") context.edits = kept;
  } catch {
    context.edits = {};
  }
  const language = form && form.elements.namedItem("language");
  if (language && language.addEventListener) {
    language.addEventListener("change", () => {
      for (const figure of context.views) figure.render();
    });
  }
  return context;
}

/** The form's body_images input, created when the page has none. */
function hiddenInput(context) {
  const { form } = context;
  let input = form ? form.querySelector('input[name="body_images"]') : null;
  if (!input) {
    input = element("input", { type: "hidden", name: "body_images" });
    (form || document.body).append(input);
  }
  return input;
}

function languageOf(context) {
  const field = context.form && context.form.elements.namedItem("language");
  if (field && field.value) return field.value;
  return context.view.dom.getAttribute("lang") || document.documentElement.lang || "";
}

function csrfToken(context) {
  const input = (context.form || document).querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : "";
}

async function ask(context, params) {
  const url = new URL(context.url, document.baseURI);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const language = languageOf(context);
  if (language) url.searchParams.set("language", language);
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch {
    throw new Error(labels.network);
  }
  const answer = await readAnswer(response);
  if (answer.labels) labels = { ...LABELS, ...answer.labels };
  return answer;
}

/** The details of picture ``id`` (in the article's language); the figures shown at the same
 * time are asked for in one request. Resolves to null for a picture not to be had. */
function loadDetails(context, id) {
  const key = `${languageOf(context)}:${id}`;
  if (!context.details.has(key)) {
    let settle;
    context.details.set(key, new Promise((resolve) => { settle = resolve; }));
    if (!context.pending.size) queueMicrotask(() => flush(context));
    context.pending.set(id, { key, settle });
  }
  return context.details.get(key);
}

async function flush(context) {
  const asked = new Map(context.pending);
  context.pending.clear();
  let found = new Map();
  try {
    const answer = await ask(context, { ids: [...asked.keys()].join(",") });
    found = new Map(answer.images.map((image) => [image.id, image]));
  } catch {
    // Shown as "cannot be shown", and asked again next time.
    for (const { key } of asked.values()) context.details.delete(key);
  }
  for (const [id, { settle }] of asked) settle(found.get(id) || null);
}

function remember(context, image) {
  context.details.set(`${languageOf(context)}:${image.id}`, Promise.resolve(image));
}

/** Keep what was typed under picture ``id`` in the form's body_images input. */
function recordEdit(context, id, texts) {
  context.edits[id] = { ...texts };
  context.hidden.value = JSON.stringify(context.edits);
  context.hidden.dispatchEvent(new Event("input", { bubbles: true }));
  for (const figure of context.views) {
    if (figure.node.attrs.id === id) figure.showTexts(texts);
  }
}

// The figure: picture, inputs, remove button -----------------------------------------------

class FigureView {
  constructor(node, view, getPos) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.context = contextOf(view);
    this.inputs = {};
    this.dom = element("figure", {
      class: "body-figure",
      "data-image-id": String(node.attrs.id),
      contenteditable: "false",
    });
    this.context.views.add(this);
    this.render();
  }

  async render() {
    const { id } = this.node.attrs;
    this.dom.setAttribute("aria-busy", "true");
    this.dom.replaceChildren(element("p", { class: "body-figure-loading" }, labels.loading));
    const details = await loadDetails(this.context, id);
    if (this.destroyed || this.node.attrs.id !== id) return;
    this.dom.removeAttribute("aria-busy");
    this.details = details;
    this.inputs = {};
    if (!details) {
      this.dom.replaceChildren(
        element("p", { class: "body-figure-missing errornote" }, format(labels.missing, { id })),
        this.removeButton(),
      );
      return;
    }
    const picture = element("div", { class: "body-figure-picture" });
    this.img = element("img", {
      src: details.src,
      width: details.width,
      height: details.height,
      alt: "",
      draggable: "false",
    });
    picture.append(this.img);
    const fields = element("div", { class: "body-figure-fields" });
    const editable = details.editable && this.view.editable;
    const typed = this.context.edits[id] || {};
    for (const name of TEXTS) {
      fields.append(this.field(name, typed[name] ?? details[name], details.fallback[name], editable));
    }
    if (!details.editable) {
      fields.append(element("p", { class: "body-figure-note help" }, labels.read_only));
    }
    this.dom.replaceChildren(picture, fields, this.removeButton());
    this.showAlt();
    // Drag the figure by its picture: in the inputs, a drag selects text.
    queueMicrotask(() => {
      this.dom.draggable = false;
      picture.draggable = true;
    });
  }

  field(name, value, fallback, editable) {
    const id = `body-figure-${++uid}-${name}`;
    const label = element("label", { for: id }, labels[name]);
    const input = name === "caption"
      ? element("textarea", { id, rows: "2" })
      : element("input", { id, type: "text", class: "vTextField" });
    input.value = value || "";
    input.readOnly = !editable;
    if (fallback) input.placeholder = fallback;
    const described = [];
    if (name === "alt_text") {
      label.append(" ", element("span", { class: "body-figure-required", title: labels.required }, "*"));
      input.setAttribute("aria-required", "true");
      const help = element("p", { class: "help", id: `${id}-help` }, labels.alt_help);
      described.push(help);
    }
    if (fallback) {
      described.push(element("p", { class: "help body-figure-fallback", id: `${id}-fallback` },
        format(labels.fallback, { text: fallback })));
    }
    if (described.length) input.setAttribute("aria-describedby", described.map((p) => p.id).join(" "));
    input.addEventListener("input", () => this.typed());
    // Enter in a one-line input would submit the article's form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && input.nodeName === "INPUT") event.preventDefault();
    });
    this.inputs[name] = input;
    return element("div", { class: `body-figure-field body-figure-${name.replace("_", "-")}` },
      label, input, ...described);
  }

  removeButton() {
    const button = element("button", { type: "button", class: "body-figure-remove button" }, labels.remove);
    button.addEventListener("click", () => {
      const pos = this.getPos();
      if (pos === undefined) return;
      const { view } = this;
      view.dispatch(view.state.tr.delete(pos, pos + this.node.nodeSize).scrollIntoView());
      view.focus();
    });
    return button;
  }

  typed() {
    const texts = {};
    for (const name of TEXTS) texts[name] = this.inputs[name].value;
    recordEdit(this.context, this.node.attrs.id, texts);
  }

  /** Texts typed under another figure of the same picture. */
  showTexts(texts) {
    for (const name of TEXTS) {
      const input = this.inputs[name];
      if (input && input.value !== texts[name] && document.activeElement !== input) input.value = texts[name];
    }
    this.showAlt();
  }

  showAlt() {
    const input = this.inputs.alt_text;
    if (!input) return;
    const missing = !input.value.trim() && !input.placeholder;
    input.setAttribute("aria-invalid", String(missing));
    this.img.alt = input.value.trim() || input.placeholder;
  }

  update(node) {
    if (node.type !== this.node.type || node.attrs.id !== this.node.attrs.id) return false;
    this.node = node;
    return true;
  }

  stopEvent(event) {
    // The inputs and buttons are the figure's own: ProseMirror leaves their events alone.
    const { target } = event;
    return Boolean(target && target.closest && target.closest(".body-figure-fields, .body-figure-remove"));
  }

  ignoreMutation() {
    return true;
  }

  destroy() {
    this.destroyed = true;
    this.context.views.delete(this);
  }
}

export function figureView(node, view, getPos) {
  return new FigureView(node, view, getPos);
}

// Putting a picture in place -------------------------------------------------------------

/** A transaction placing a figure of picture ``id`` at or near ``pos``: in an empty paragraph
 * in its place, between blocks where it can be, else after the block holding ``pos``. */
function placeFigure(state, id, pos) {
  const type = state.schema.nodes.figure;
  const node = type.create({ id });
  const { tr } = state;
  const $pos = state.doc.resolve(Math.max(0, Math.min(pos, state.doc.content.size)));
  if ($pos.depth >= 1 && $pos.parent.isTextblock && $pos.parent.content.size === 0 && $pos.depth === 1) {
    tr.replaceWith($pos.before(1), $pos.after(1), node);
    return tr.setSelection(NodeSelection.create(tr.doc, $pos.before(1)));
  }
  let at = insertPoint(state.doc, $pos.pos, type);
  if (at === null) at = $pos.depth ? $pos.after(1) : $pos.pos;
  tr.insert(at, node);
  return tr.setSelection(NodeSelection.create(tr.doc, at));
}

/** The JSON of a successful answer, or an Error saying why there is none. */
async function readAnswer(response) {
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    // A page instead: the sign-in page (an expired session), Django's refusal of the
    // CSRF token, or the size refused in front of Django (413) before it was read.
  }
  if (answer && response.ok) return answer;
  if (answer && answer.error) throw new Error(answer.error);
  if (response.status === 413) throw new Error(labels.too_large);
  if (response.status === 403 || response.redirected || response.ok) throw new Error(labels.expired);
  throw new Error(format(labels.server_error, { status: response.status }));
}

async function upload(context, file, texts = {}) {
  const body = new FormData();
  body.append("file", file, file.name);
  body.append("language", languageOf(context));
  for (const [name, value] of Object.entries(texts)) body.append(name, value);
  let response;
  try {
    response = await fetch(context.url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrfToken(context), Accept: "application/json" },
    });
  } catch {
    throw new Error(labels.network);
  }
  const answer = await readAnswer(response);
  remember(context, answer.image);
  return answer;
}

// Uploads in progress are shown where their picture will go.
const uploads = new PluginKey("figureUploads");

/** Show ``message`` above the editor: an error (an alert), or a note ("info"); "" hides it. */
function showStatus(view, message, kind = "error") {
  const context = contextOf(view);
  context.status = context.status || {};
  let region = context.status[kind];
  if (!region) {
    const close = element("button", { type: "button", class: "body-figure-dismiss", "aria-label": labels.close }, "×");
    region = kind === "error"
      ? element("div", { class: "body-figure-status errornote", role: "alert", hidden: "" }, element("span"), close)
      : element("div", { class: "body-figure-status body-figure-info", role: "status", hidden: "" }, element("span"), close);
    close.addEventListener("click", () => { region.hidden = true; view.focus(); });
    view.dom.before(region);
    context.status[kind] = region;
  }
  region.firstChild.textContent = message;
  region.hidden = !message;
}

async function uploadFiles(view, files, pos) {
  const context = contextOf(view);
  showStatus(view, "");
  showStatus(view, "", "info");
  for (const file of files) {
    const mark = {};
    view.dispatch(view.state.tr.setMeta(uploads, { add: { mark, pos, name: file.name } }));
    let answer = null;
    try {
      answer = await upload(context, file);
    } catch (error) {
      showStatus(view, format(labels.upload_failed, { name: file.name, reason: error.message }));
    }
    const found = uploads.getState(view.state).find(null, null, (spec) => spec.mark === mark);
    const at = found.length ? found[0].from : pos;
    const tr = view.state.tr.setMeta(uploads, { remove: mark });
    view.dispatch(tr);
    if (answer) {
      if (answer.reused) showStatus(view, labels.reused, "info");
      const placed = placeFigure(view.state, answer.image.id, at);
      view.dispatch(placed.scrollIntoView());
      pos = placed.selection.to;
    }
  }
}

function uploading(name) {
  return element("div", { class: "body-figure-uploading", role: "status" },
    format(labels.uploading, { name }));
}

function imageFiles(transfer) {
  if (!transfer || !transfer.files) return [];
  return [...transfer.files].filter((file) => file.type.startsWith("image/"));
}

/** Whether pasted data is a picture alone: Word and web pages also give a picture of what
 * was copied, whose text is what the writer wants. */
function pictureOnly(clipboard) {
  const html = clipboard.getData("text/html");
  if (html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    return !doc.body.textContent.trim();
  }
  return !clipboard.getData("text/plain").trim();
}

export function figurePlugins(schema) {
  if (!schema.nodes.figure) return [];
  return [
    new Plugin({
      key: uploads,
      state: {
        init: () => DecorationSet.empty,
        apply(tr, set) {
          let next = set.map(tr.mapping, tr.doc);
          const action = tr.getMeta(uploads);
          if (action && action.add) {
            const { mark, pos, name } = action.add;
            const at = Math.max(0, Math.min(pos, tr.doc.content.size));
            next = next.add(tr.doc, [Decoration.widget(at, () => uploading(name), { mark })]);
          }
          if (action && action.remove) {
            next = next.remove(next.find(null, null, (spec) => spec.mark === action.remove));
          }
          return next;
        },
      },
      view(view) {
        const context = contextOf(view);
        if (context.url) ask(context, { labels: "1" }).catch(() => {});
        return {};
      },
      props: {
        decorations(state) {
          return uploads.getState(state);
        },
        handleDrop(view, event, slice, moved) {
          const files = imageFiles(event.dataTransfer);
          if (moved || !files.length || !view.editable) return false;
          event.preventDefault();
          const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
          uploadFiles(view, files, at ? at.pos : view.state.selection.from);
          return true;
        },
        handlePaste(view, event) {
          const files = imageFiles(event.clipboardData);
          if (!files.length || !pictureOnly(event.clipboardData)) return false;
          event.preventDefault();
          uploadFiles(view, files, view.state.selection.from);
          return true;
        },
      },
    }),
  ];
}

// The picker: the library, and an upload ------------------------------------------------

function insertChosen(view, image) {
  remember(contextOf(view), image);
  view.dispatch(placeFigure(view.state, image.id, view.state.selection.from).scrollIntoView());
}

export async function chooseImage(view) {
  const context = contextOf(view);
  let answer;
  try {
    answer = await ask(context, { q: "" });
  } catch (error) {
    showStatus(view, error.message || labels.network);
    return;
  }
  const n = ++uid;
  const title = element("h2", { id: `body-figure-dialog-${n}` }, labels.dialog_title);
  const search = element("input", {
    type: "search", id: `body-figure-search-${n}`, class: "vTextField",
    "aria-describedby": `body-figure-search-${n}-help`, autocomplete: "off",
  });
  const results = element("ul", { class: "body-figure-results", "aria-label": labels.results });
  const count = element("p", { class: "body-figure-count", role: "status" });
  const file = element("input", { type: "file", id: `body-figure-file-${n}`, accept: "image/*" });
  const send = element("button", { type: "button", class: "button" }, labels.upload_button);
  const error = element("p", { class: "errornote", role: "alert", hidden: "" });
  const close = element("button", { type: "button", class: "button body-figure-close" }, labels.close);
  const dialog = element("dialog", { class: "body-figure-dialog", "aria-labelledby": title.id },
    element("div", { class: "body-figure-dialog-head" }, title, close),
    element("div", { class: "body-figure-search" },
      element("label", { for: search.id }, labels.search), search,
      element("p", { class: "help", id: `body-figure-search-${n}-help` }, labels.search_help)),
    count, results,
    element("div", { class: "body-figure-upload" },
      element("label", { for: file.id }, labels.upload), file, send, error),
  );
  document.body.append(dialog);

  const finish = () => {
    dialog.close();
    dialog.remove();
    view.focus();
  };
  const show = (images) => {
    results.replaceChildren(...images.map((image) => {
      const name = image.caption || image.fallback.caption || image.alt_text || image.fallback.alt_text
        || format(labels.untitled, { id: image.id });
      const button = element("button", { type: "button", class: "body-figure-choice", "data-image-id": image.id },
        element("img", { src: image.thumb, alt: "", width: image.width, height: image.height }),
        element("span", {}, name));
      button.addEventListener("click", () => { finish(); insertChosen(view, image); });
      return element("li", {}, button);
    }));
    count.textContent = images.length ? "" : labels.no_results;
  };
  let timer = null;
  let asked = 0;
  const lookUp = async () => {
    const mine = ++asked;
    try {
      const found = await ask(context, { q: search.value.trim() });
      if (mine === asked) show(found.images);
    } catch (failure) {
      if (mine === asked) count.textContent = failure.message || labels.network;
    }
  };
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 250);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    lookUp();
  });
  send.addEventListener("click", async () => {
    error.hidden = true;
    const chosen = file.files[0];
    if (!chosen) {
      error.textContent = labels.choose_file;
      error.hidden = false;
      file.focus();
      return;
    }
    send.disabled = true;
    count.textContent = format(labels.uploading, { name: chosen.name });
    try {
      const uploaded = await upload(context, chosen);
      finish();
      insertChosen(view, uploaded.image);
    } catch (failure) {
      count.textContent = "";
      error.textContent = format(labels.upload_failed, { name: chosen.name, reason: failure.message });
      error.hidden = false;
      send.disabled = false;
    }
  });
  close.addEventListener("click", finish);
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(); });
  show(answer.images);
  dialog.showModal();
  search.focus();
}
