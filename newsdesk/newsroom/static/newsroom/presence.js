// Tells the newsroom every 20 seconds that this article's page is still open, and shows
// what the answer says: who else is editing, and a newer save this one will merge with.
// The panel is change_form/presence.html; the server is newsroom/presence.py.
(function () {
  "use strict";
  var INTERVAL = 20000;

  function start() {
    var panel = document.querySelector("[data-presence-url]");
    if (!panel || panel.dataset.presenceStarted) return;
    panel.dataset.presenceStarted = "1";
    var notices = panel.querySelector(".presence-notices");
    var merges = panel.querySelector(".presence-merges");

    function field(name) {
      var input = document.querySelector("input[name='" + name + "']");
      return input ? input.value : "";
    }

    function show(texts) {
      notices.replaceChildren.apply(
        notices,
        texts.map(function (text) {
          var p = document.createElement("p");
          p.textContent = text;
          return p;
        })
      );
      panel.hidden = texts.length === 0 && !merges;
    }

    function beat() {
      var body = new FormData();
      body.append("base_version", field("base_version"));
      fetch(panel.dataset.presenceUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": field("csrfmiddlewaretoken") },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer) show(answer.notices);
        })
        .catch(function () {
          // Offline for a moment: the next beat tries again.
        });
    }

    setInterval(function () {
      if (document.visibilityState === "visible") beat();
    }, INTERVAL);
    // Back to a tab left in the background: say so, and hear what happened meanwhile.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") beat();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
