/* The writing desk, on the article form and the translation desk (a plain script).
 *
 * - Autosave: every few seconds, if the form changed since the last copy, its fields go
 *   to the server as a private draft copy (not a revision); the status says when.
 * - The restore prompt (rendered by change_form/autosave.html when a newer copy differs
 *   from the form): "Restore them" fills the fields from the copy, "Discard" deletes it.
 * - A warning on leaving with unsaved changes, except when the form is being submitted.
 * - Word count and reading time of the body, and the headline's length.
 *
 * Everything is configured by the #newsroom-desk element: the copy's URL, the translated
 * texts, and the reading-time rule of content/reading.py (so the two sides agree).
 * The body editor keeps its hidden textarea's value current and fires "input" on it.
 */
(function () {
  "use strict";

  // Not the writer's text: the CSRF token, the form's own bookkeeping, the buttons, and
  // the rows of inline formsets (authors), which are restored from revisions instead.
  const SKIPPED = /^(csrfmiddlewaretoken|base_version|_step|_save|_continue|_addanother)$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|^\w+-(\d+|__prefix__)-/;
  const TEXT_INPUTS = new Set(["text", "url", "email", "number", "search", "tel", "date", "time"]);
  // Hidden inputs that hold what the writer typed (the captions under the body's pictures).
  const KEPT_HIDDEN = new Set(["body_images"]);
  const WORD = /[\p{L}\p{N}_]+/gu;

  function fieldsOf(form) {
    return Array.from(form.elements).filter(function (el) {
      if (!el.name || SKIPPED.test(el.name) || el.disabled || el.readOnly) return false;
      if (el.tagName === "TEXTAREA") return true;
      if (el.tagName === "SELECT") return !el.classList.contains("admin-autocomplete");
      if (el.tagName !== "INPUT") return false;
      return TEXT_INPUTS.has(el.type) || (el.type === "hidden" && KEPT_HIDDEN.has(el.name));
    });
  }

  function valuesOf(form) {
    const data = {};
    for (const el of fieldsOf(form)) {
      data[el.name] = el.multiple ? Array.from(el.selectedOptions, (o) => o.value) : el.value;
    }
    return data;
  }

  function fill(form, data) {
    for (const el of fieldsOf(form)) {
      if (!Object.hasOwn(data, el.name)) continue;
      const value = data[el.name];
      if (el.multiple) {
        for (const option of el.options) option.selected = value.includes(option.value);
        continue;
      }
      el.value = value;
      if (el.bodyEditor) el.bodyEditor.setHTML(value);
    }
  }

  function send(form, url, method, body) {
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": token ? token.value : "",
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: body,
    });
  }

  function counter(config) {
    const rule = config.dataset;
    const cjk = new RegExp("[" + rule.characters + "]", "gu");
    // Block boundaries read as spaces, as in content/body.py's plain_text().
    const boundary = new RegExp(rule.blockBoundary, "gi");
    return function (html) {
      const parsed = new DOMParser().parseFromString(html.replace(boundary, " "), "text/html");
      const text = parsed.body.textContent || "";
      const characters = (text.match(cjk) || []).length;
      const words = (text.replace(cjk, " ").match(WORD) || []).length;
      const minutes = words / Number(rule.wordsPerMinute) + characters / Number(rule.charactersPerMinute);
      return { words: words, characters: characters, minutes: Math.max(1, Math.ceil(minutes)) };
    };
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key].toLocaleString(document.documentElement.lang || undefined));
  }

  function showCounts(form, config) {
    const count = counter(config);
    const texts = config.dataset;
    const bodies = Array.from(form.elements).filter((el) => el.name === "body" || /^row-\d+$/.test(el.name));
    let counts = null;
    if (bodies.length) {
      counts = document.createElement("p");
      counts.className = "desk-counts";
      const row = form.elements.body && bodies[0].closest(".form-row");
      if (row) row.append(counts);
      else (form.querySelector("table") || bodies[bodies.length - 1]).after(counts);
    }
    const headline = form.elements.headline;
    let length = null;
    if (headline && !headline.readOnly) {
      length = document.createElement("p");
      length.className = "desk-headline-length";
      headline.closest(".form-row, td").append(length);
    }
    const limit = Number(texts.headlineLimit);
    function refresh() {
      if (counts) {
        const found = count(bodies.map((el) => el.value).join("\n"));
        const parts = [];
        if (found.words || !found.characters) parts.push(format(texts.wordsText, found));
        if (found.characters) parts.push(format(texts.charactersText, found));
        parts.push(format(texts.minutesText, found));
        counts.textContent = parts.join(" · ");
      }
      if (length) {
        const n = Array.from(headline.value.trim()).length;
        length.textContent = format(texts.headlineText, { n: n, limit: limit });
        length.classList.toggle("desk-over", n > limit);
      }
    }
    form.addEventListener("input", refresh);
    refresh();
    return refresh;
  }

  function start() {
    const config = document.getElementById("newsroom-desk");
    const form = config && config.closest("form");
    // Loaded twice (the admin's media and a template's own tag)? Start once.
    if (!form || config.dataset.started) return;
    config.dataset.started = "true";
    const url = config.dataset.autosaveUrl;
    const every = Number(config.dataset.intervalSeconds) * 1000;
    const refreshCounts = showCounts(form, config);
    // What the form showed when it opened: unsaved changes are anything else.
    const opened = JSON.stringify(valuesOf(form));
    let lastCopy = opened;
    let changed = false;
    let saving = false;
    let submitting = false;

    const status = document.createElement("p");
    status.className = "desk-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const rows = form.querySelectorAll(".submit-row");
    if (rows.length) rows[rows.length - 1].after(status);
    else form.append(status);

    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    form.addEventListener("submit", () => { submitting = true; });

    async function autosave() {
      if (!changed || saving || submitting) return;
      changed = false;
      const data = valuesOf(form);
      const snapshot = JSON.stringify(data);
      if (snapshot === lastCopy) return;
      const base = form.elements.base_version ? Number(form.elements.base_version.value) || 0 : 0;
      saving = true;
      try {
        const response = await send(form, url, "POST", JSON.stringify({ data: data, base_version: base }));
        if (response.ok) {
          lastCopy = snapshot;
          status.textContent = (await response.json()).message;
        } else if (response.status >= 500) {
          changed = true; // the server may be back at the next tick
        }
      } catch (error) {
        changed = true; // offline for a moment: try again at the next tick
      } finally {
        saving = false;
      }
    }
    window.setInterval(autosave, every);

    window.addEventListener("beforeunload", (event) => {
      if (submitting || JSON.stringify(valuesOf(form)) === opened) return;
      event.preventDefault();
      event.returnValue = "";
    });

    const prompt = form.querySelector("[data-autosave-prompt]");
    if (!prompt) return;
    prompt.querySelector("[data-autosave-restore]").addEventListener("click", async () => {
      const response = await send(form, url, "GET");
      if (!response.ok) return;
      const copy = await response.json();
      fill(form, copy.data);
      // The copy began from an older revision than the form? Saving it then goes through
      // the edit check from that revision, so a colleague's save since is not overwritten.
      if (form.elements.base_version) form.elements.base_version.value = copy.base_version;
      lastCopy = JSON.stringify(valuesOf(form));
      refreshCounts();
      prompt.remove();
    });
    prompt.querySelector("[data-autosave-discard]").addEventListener("click", async () => {
      const response = await send(form, url, "DELETE");
      if (response.ok) prompt.remove();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
