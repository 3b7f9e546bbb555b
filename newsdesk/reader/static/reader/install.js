// The app in the page: registers the service worker (reader/sw.js, served at /sw.js),
// asks it to fetch the edition's top news ahead, shows "Install the app" where the browser
// offers it and the Add to Home Screen steps on iOS (reader/includes/install_button.html),
// and lists the articles saved on this device on the offline page (reader/offline.html).
(function () {
  "use strict";
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute("data-service-worker");
  var edition = document.documentElement.lang;

  function showAll(selector, visible) {
    document.querySelectorAll(selector).forEach(function (element) {
      element.hidden = !visible;
    });
  }

  // --- The service worker -------------------------------------------------------------
  if ("serviceWorker" in navigator && workerUrl) {
    var register = function () {
      navigator.serviceWorker
        .register(workerUrl, { scope: "/", updateViaCache: "none" })
        .catch(function () { /* no app, the site works as before */ });
    };
    // After the page has loaded: the worker's first downloads never slow the reader down.
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "refresh", lang: edition });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "refreshed") listSaved();
    });
  }

  // --- Install the app ----------------------------------------------------------------
  var installed =
    window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  var iOS =
    /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var offer = null;

  if (!installed && iOS) {
    showAll("[data-install-ios]", true);
    showAll("[data-install-ios-summary]", false); // the same steps, said once
  }
  window.addEventListener("beforeinstallprompt", function (event) {
    // Only where there is a button to offer it instead; elsewhere the browser's own prompt.
    if (installed || !document.querySelector("[data-install-button]")) return;
    event.preventDefault();
    offer = event;
    showAll("[data-install-button]", true);
  });
  window.addEventListener("appinstalled", function () {
    offer = null;
    showAll("[data-install-button], [data-install-ios]", false);
    showAll("[data-install-done]", true);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-install-button]");
    if (!button || !offer) return;
    var prompt = offer;
    offer = null; // a prompt can be shown once
    showAll("[data-install-button]", false);
    prompt.prompt();
  });

  // --- The offline page ---------------------------------------------------------------
  function headline(escaped) {
    // Saved as it was in the page's HTML; parsed, never run, to get its text.
    var parsed = new DOMParser().parseFromString(decodeURIComponent(escaped), "text/html");
    return parsed.body.textContent.trim();
  }

  function dateIn(path) {
    var found = /\/(\d{4}\/\d{2}\/\d{2})\//.exec(path);
    return found ? found[1] : "";
  }

  function listSaved() {
    var box = document.querySelector("[data-offline-articles]");
    if (!box || !window.caches) return;
    caches
      .keys()
      .then(function (names) {
        var saved = names.filter(function (name) {
          return /^newsdesk-(articles|top)-/.test(name);
        });
        return Promise.all(
          saved.map(function (name) {
            return caches.open(name).then(function (cache) {
              return cache.keys().then(function (requests) {
                return Promise.all(
                  requests.map(function (request) {
                    return cache.match(request).then(function (response) {
                      return {
                        url: new URL(request.url).pathname,
                        title: headline(response.headers.get("X-SW-Title") || ""),
                        lang: response.headers.get("X-SW-Lang") || "",
                        at: Number(response.headers.get("X-SW-Stored-At")) || 0,
                      };
                    });
                  })
                );
              });
            });
          })
        );
      })
      .then(function (lists) {
        var seen = {};
        var articles = [].concat.apply([], lists).filter(function (article) {
          if (!article.title || seen[article.url]) return false;
          seen[article.url] = true;
          return true;
        });
        // Newest news first: an article's address carries its date (/en/2026/11/25/…/).
        articles.sort(function (a, b) {
          var byDate = dateIn(b.url).localeCompare(dateIn(a.url));
          return byDate || b.at - a.at;
        });
        box.querySelectorAll("[data-offline-edition]").forEach(function (group) {
          var lang = group.getAttribute("data-offline-edition");
          var list = group.querySelector("ul");
          list.textContent = "";
          articles.forEach(function (article) {
            if (article.lang !== lang) return;
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = article.url;
            link.textContent = article.title;
            item.appendChild(link);
            list.appendChild(item);
          });
          group.hidden = !list.children.length;
        });
        showAll("[data-offline-empty]", !articles.length);
      })
      .catch(function () { /* storage unavailable: the page still links home */ });
  }

  var retry = document.querySelector("[data-retry]");
  if (retry) {
    retry.hidden = false;
    retry.addEventListener("click", function () { window.location.reload(); });
  }
  listSaved();
})();
