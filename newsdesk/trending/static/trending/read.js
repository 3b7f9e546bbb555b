// Reports one read of this article once it has really been viewed: after it has been
// on screen for a few seconds in all. No cookie, nothing stored in the browser.
(function () {
  "use strict";
  var article = document.querySelector("[data-read-url]");
  if (!article || !navigator.sendBeacon) return;
  var needed = 5000, seen = 0, since = null, sent = false;

  function referrer() {
    try {
      var from = new URL(document.referrer);
      return from.host === location.host ? "" : from.hostname;
    } catch (e) { return ""; }
  }
  function send() {
    if (sent) return;
    sent = true;
    // URLSearchParams: a urlencoded body, the cheapest for the server to read.
    navigator.sendBeacon(article.getAttribute("data-read-url"), new URLSearchParams({ r: referrer() }));
  }
  function tick() {
    if (document.visibilityState === "visible") {
      if (since === null) since = Date.now();
      if (seen + Date.now() - since >= needed) return send();
    } else if (since !== null) {
      seen += Date.now() - since;
      since = null;
    }
    window.setTimeout(tick, 500);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && since !== null) {
      seen += Date.now() - since;
      since = null;
    }
  });
  tick();
})();
