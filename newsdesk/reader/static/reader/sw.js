// The app's service worker: reading offline.
//
// Served at /sw.js by newsdesk/reader/pwa.py, which puts self.NEWSDESK_PWA in front of
// this file: the editions, the app shell to pre-cache and a version that changes with them.
//
// - The app shell (offline pages, CSS, JS, icons) is cached at install.
// - Article pages (/<edition>/YYYY/MM/DD/slug/): stale-while-revalidate. Each article read
//   is kept; the latest top news of the edition being read is fetched ahead.
// - Other pages (home, section, column, tag, person): network first, then the saved copy,
//   then the offline page.
// - Images under /media/: cache first, kept for the pages read.
// Every cache is named with the version; activating a new version deletes the others.
// The newsroom (/admin/), the API, the read beacon and anything but GET are never touched.
"use strict";

const CONFIG = self.NEWSDESK_PWA;
if (!CONFIG) throw new Error("Load the service worker from /sw.js, not as a static file.");

const PREFIX = "newsdesk-";
const CACHE = {
  shell: `${PREFIX}shell-${CONFIG.version}`,
  pages: `${PREFIX}pages-${CONFIG.version}`,
  articles: `${PREFIX}articles-${CONFIG.version}`,
  top: `${PREFIX}top-${CONFIG.version}`,
  media: `${PREFIX}media-${CONFIG.version}`,
  meta: `${PREFIX}meta-${CONFIG.version}`,
  // The reader's choice of alerts (reader/push.js): kept across versions of the app.
  push: `${PREFIX}push`,
};
const MB = 1024 * 1024;
const TOP_PER_EDITION = 20;
// [entries, bytes] each cache may hold; the oldest go first.
const LIMITS = {
  pages: [30, 4 * MB],
  articles: [60, 8 * MB],
  top: [TOP_PER_EDITION * CONFIG.editions.length, 6 * MB],
  media: [80, 25 * MB],
};
// A list page slower than this is answered from its saved copy (if any) meanwhile.
const NETWORK_TIMEOUT_MS = 4000;
// The top news of an edition is fetched ahead at most this often.
const REFRESH_EVERY_MS = 10 * 60 * 1000;
// Headers kept with each saved response, for trimming and for the offline page's list.
const STORED_AT = "X-SW-Stored-At";
const BYTES = "X-SW-Bytes";
const TITLE = "X-SW-Title";
const LANG = "X-SW-Lang";
// Saved pages are looked up by address alone, whatever the server's Vary said.
const MATCH = { ignoreVary: true };

const SHELL = new Set(CONFIG.shell);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ARTICLE = new RegExp(
  `^/(${CONFIG.editions.map((e) => escapeRegExp(e.lang)).join("|")})/\\d{4}/\\d{2}/\\d{2}/[^/]+/$`,
);

function editionOf(pathname) {
  return CONFIG.editions.find((edition) => pathname.startsWith(`/${edition.lang}/`));
}

function guessEdition() {
  const language = (self.navigator.language || "").toLowerCase();
  return (
    CONFIG.editions.find((edition) => language.startsWith(edition.lang.split("-")[0])) ||
    CONFIG.editions[0]
  );
}

// The key a page is saved under: the path, and the query but for tracking parameters.
function pageKey(url) {
  const key = new URL(url, self.location.origin);
  for (const name of [...key.searchParams.keys()]) {
    if (name === "source" || name.startsWith("utm_")) key.searchParams.delete(name);
  }
  key.hash = "";
  return key.href;
}

function articleKey(url) {
  const key = new URL(url, self.location.origin);
  return key.origin + key.pathname;
}

// Only complete, public answers are kept: never a staff member's private page.
function cacheable(response) {
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  return !/no-store|private/.test(response.headers.get("Cache-Control") || "");
}

// A copy of ``response`` carrying when it was saved, its size and, for articles, its headline.
async function stamped(response, extra) {
  const body = await response.blob();
  const headers = new Headers(response.headers);
  // The body is decoded already and its length may differ from the one sent.
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.set(STORED_AT, String(Date.now()));
  headers.set(BYTES, String(body.size));
  for (const [name, value] of Object.entries(extra || {})) headers.set(name, value);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function headlineOf(html) {
  const found = /<h1[^>]*class="headline"[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  // Still HTML-escaped: the offline page turns it into text.
  return found ? found[1].replace(/<[^>]*>/g, "").trim() : "";
}

async function store(cacheName, key, response) {
  const cache = await caches.open(cacheName);
  await cache.put(key, await stamped(response));
  await trim(cacheName);
}

async function storeArticle(cacheName, key, response) {
  const html = await response.clone().text();
  const lang = (editionOf(new URL(key).pathname) || {}).lang || "";
  const saved = await stamped(response, {
    [TITLE]: encodeURIComponent(headlineOf(html)),
    [LANG]: lang,
  });
  const cache = await caches.open(cacheName);
  await cache.put(key, saved);
  if (cacheName === CACHE.articles) {
    // Read now: it leaves the top news, which is refetched, and stays with what was read.
    await (await caches.open(CACHE.top)).delete(key, MATCH);
  }
  await trim(cacheName);
}

async function forgetArticle(key) {
  await Promise.all(
    [CACHE.articles, CACHE.top].map(async (name) => (await caches.open(name)).delete(key, MATCH)),
  );
}

// Keep a cache within its limits, dropping the oldest saved entries first.
async function trim(cacheName) {
  const [maxEntries, maxBytes] = LIMITS[cacheName.slice(PREFIX.length).split("-")[0]];
  const cache = await caches.open(cacheName);
  const entries = await Promise.all(
    (await cache.keys()).map(async (request) => {
      const response = await cache.match(request);
      const headers = response ? response.headers : new Headers();
      return {
        request,
        at: Number(headers.get(STORED_AT)) || 0,
        bytes: Number(headers.get(BYTES)) || 0,
      };
    }),
  );
  entries.sort((a, b) => a.at - b.at);
  let count = entries.length;
  let bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  for (const entry of entries) {
    if (count <= maxEntries && bytes <= maxBytes) break;
    await cache.delete(entry.request);
    count -= 1;
    bytes -= entry.bytes;
  }
}

async function matchIn(cacheNames, key) {
  for (const name of cacheNames) {
    const found = await (await caches.open(name)).match(key, MATCH);
    if (found) return found;
  }
  return undefined;
}

async function offlinePage(edition) {
  const page = await caches.match((edition || guessEdition()).offline, { cacheName: CACHE.shell });
  return (
    page ||
    new Response("<!doctype html><title>Offline</title><h1>Offline</h1>", {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    })
  );
}

// Fetch ``request``; keep a cacheable answer with ``keep(response)``. Returns the answer
// and a promise of the keeping, for event.waitUntil.
function fetchAndKeep(request, keep) {
  let keeping = Promise.resolve();
  const network = fetch(request).then((response) => {
    if (cacheable(response)) keeping = keep(response.clone()).catch(() => {});
    return response;
  });
  const kept = network.then(
    () => keeping,
    () => {},
  );
  return [network, kept];
}

// Articles: the saved copy at once (refreshed behind the reader's back), else the network.
function articlePage(event, edition) {
  const key = articleKey(event.request.url);
  const [network, kept] = fetchAndKeep(event.request, (response) =>
    storeArticle(CACHE.articles, key, response),
  );
  const gone = network.then(
    (response) => ([404, 410].includes(response.status) ? forgetArticle(key) : undefined),
    () => {},
  );
  event.waitUntil(Promise.all([kept, gone]));
  return matchIn([CACHE.articles, CACHE.top], key).then(
    (saved) => saved || network.catch(() => offlinePage(edition)),
  );
}

// Lists: the network, unless it fails or is slow and a saved copy exists.
function listPage(event, edition) {
  const key = pageKey(event.request.url);
  const [network, kept] = fetchAndKeep(event.request, (response) =>
    store(CACHE.pages, key, response),
  );
  event.waitUntil(kept);
  const saved = matchIn([CACHE.pages], key);
  return new Promise((resolve) => {
    let answered = false;
    const answer = (response) => {
      if (!answered) {
        answered = true;
        resolve(response);
      }
    };
    const timer = setTimeout(() => saved.then((copy) => copy && answer(copy)), NETWORK_TIMEOUT_MS);
    network.then(
      (response) => {
        clearTimeout(timer);
        answer(response);
      },
      async () => {
        clearTimeout(timer);
        answer((await saved) || (await offlinePage(edition)));
      },
    );
  });
}

// Static files: the saved copy (their names change with their content in production),
// refreshed in the background for a development server's unchanging names.
function staticFile(event) {
  const [network, kept] = fetchAndKeep(event.request, async (response) =>
    (await caches.open(CACHE.shell)).put(event.request, response),
  );
  event.waitUntil(kept);
  return caches
    .match(event.request, { cacheName: CACHE.shell, ...MATCH })
    .then((saved) => saved || network);
}

function mediaFile(event) {
  return caches.match(event.request, { cacheName: CACHE.media, ...MATCH }).then((saved) => {
    if (saved) return saved;
    const [network, kept] = fetchAndKeep(event.request, (response) =>
      store(CACHE.media, event.request.url, response),
    );
    event.waitUntil(kept);
    return network;
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CONFIG.never.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (SHELL.has(url.pathname + url.search)) {
    event.respondWith(
      caches
        .match(url.pathname + url.search, { cacheName: CACHE.shell, ...MATCH })
        .then((saved) => saved || fetch(request)),
    );
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(staticFile(event));
  } else if (url.pathname.startsWith(CONFIG.media)) {
    if (request.destination === "image") event.respondWith(mediaFile(event));
  } else if (request.mode === "navigate") {
    const edition = editionOf(url.pathname);
    if (edition && ARTICLE.test(url.pathname)) {
      event.respondWith(articlePage(event, edition));
    } else if (edition) {
      event.respondWith(listPage(event, edition));
    } else {
      event.respondWith(fetch(request).catch(() => offlinePage(null)));
    }
  }
});

// The latest top news of an edition, fetched ahead: the articles its home page links to,
// then its Hot Recommended list, up to TOP_PER_EDITION, replacing the last round's.
async function topNews(edition) {
  const paths = [];
  const home = await fetch(edition.home, { headers: { Accept: "text/html" } }).catch(() => null);
  if (home && cacheable(home)) {
    await store(CACHE.pages, pageKey(edition.home), home.clone());
    for (const [, href] of (await home.text()).matchAll(/href="([^"]+)"/g)) {
      const link = new URL(href, self.location.origin);
      if (link.origin === self.location.origin) paths.push(link.pathname);
    }
  }
  try {
    const hot = await fetch(edition.hot, { headers: { Accept: "application/json" } });
    if (hot.ok) {
      for (const item of (await hot.json()).items || []) paths.push(new URL(item.url).pathname);
    }
  } catch (error) {
    // No list: the home page's links will do.
  }
  return [...new Set(paths)]
    .filter((path) => ARTICLE.test(path) && editionOf(path) === edition)
    .slice(0, TOP_PER_EDITION)
    .map((path) => self.location.origin + path);
}

async function refresh(edition) {
  const meta = await caches.open(CACHE.meta);
  const marker = `/__refreshed__/${edition.lang}`; // when the last round was complete
  const last = await meta.match(marker);
  if (last && Date.now() - Number(await last.text()) < REFRESH_EVERY_MS) return;
  // The offline page shows the section menu: keep it as current as the news.
  await (await caches.open(CACHE.shell)).add(edition.offline).catch(() => {});

  const wanted = await topNews(edition);
  if (!wanted.length) return; // offline, or nothing published: keep what is saved
  const top = await caches.open(CACHE.top);
  for (const request of await top.keys()) {
    const path = new URL(request.url).pathname;
    if (editionOf(path) === edition && !wanted.includes(request.url)) await top.delete(request);
  }
  for (const key of wanted) {
    if (await matchIn([CACHE.articles, CACHE.top], key)) continue;
    const response = await fetch(key).catch(() => null);
    if (response === null) return; // offline again: try on a later visit
    if (cacheable(response)) await storeArticle(CACHE.top, articleKey(response.url), response);
  }
  await meta.put(marker, new Response(String(Date.now())));
  for (const client of await self.clients.matchAll()) {
    client.postMessage({ type: "refreshed", lang: edition.lang });
  }
}

const refreshing = new Map();

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const edition = CONFIG.editions.find((candidate) => candidate.lang === data.lang);
  if (data.type !== "refresh" || !edition) return;
  if (!refreshing.has(edition.lang)) {
    refreshing.set(
      edition.lang,
      refresh(edition)
        .catch(() => {})
        .finally(() => refreshing.delete(edition.lang)),
    );
  }
  event.waitUntil(refreshing.get(edition.lang));
});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE.shell)
      .then((cache) => cache.addAll(CONFIG.shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const current = new Set(Object.values(CACHE));
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && !current.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// Breaking-news alerts (newsdesk/push/delivery.py sends them; reader/push.js subscribes).
// The payload: {title, body, url, tag, lang, icon}. One notification per article (its
// tag): a copy sent again replaces the first instead of ringing twice.
self.addEventListener("push", (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (error) {
    alert = {};
  }
  if (!alert.title) return;
  event.waitUntil(
    self.registration.showNotification(alert.title, {
      body: alert.body || "",
      tag: alert.tag,
      lang: alert.lang,
      icon: alert.icon,
      data: { url: alert.url },
    }),
  );
});

// The reader's choice, as push.js last posted it (edition, sections, the endpoints'
// addresses), for renewing the subscription when the browser replaces it.
const PUSH_CHOICE = "/__push_choice__";

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "push-choice") return;
  event.waitUntil(
    caches.open(CACHE.push).then((cache) =>
      data.choice
        ? cache.put(PUSH_CHOICE, new Response(JSON.stringify(data.choice)))
        : cache.delete(PUSH_CHOICE),
    ),
  );
});

function postJSON(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
}

// The browser replaced the subscription (its push service rotated it): the server gets
// the new one with the reader's choice, and forgets the old one.
async function renewSubscription(oldSubscription, newSubscription) {
  const saved = await (await caches.open(CACHE.push)).match(PUSH_CHOICE);
  if (!saved) return;
  const choice = await saved.json();
  const fresh =
    newSubscription ||
    (oldSubscription &&
      (await self.registration.pushManager.subscribe(oldSubscription.options)));
  if (fresh) {
    const json = fresh.toJSON();
    await postJSON(choice.subscribe, {
      endpoint: json.endpoint,
      keys: json.keys,
      edition: choice.edition,
      sections: choice.sections,
    });
  }
  if (oldSubscription) {
    const old = oldSubscription.toJSON();
    await postJSON(choice.unsubscribe, { endpoint: old.endpoint, keys: { auth: old.keys.auth } });
  }
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    renewSubscription(event.oldSubscription, event.newSubscription).catch(() => {}),
  );
});

// A tap opens the article: in a window of the app or site already open on it, else a new
// one (the installed app's, when it is installed). Only addresses of this site are opened.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  const url =
    target.origin === self.location.origin
      ? target.href
      : self.location.origin + target.pathname + target.search;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => client.url === url);
      if (open) return open.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
