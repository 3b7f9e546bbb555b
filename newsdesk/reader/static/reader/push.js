// Breaking-news alerts (newsdesk/push/): the reader turns them on or off herself from the
// app page's prompt (push/templates/push/prompt.html). Nothing is asked of the browser
// before she presses "Turn on alerts": then the notification permission, then a push
// subscription from the service worker (reader/sw.js, which shows the alerts), posted to
// the server with the edition and the sections chosen.
(function () {
  "use strict";
  var box = document.querySelector("[data-push-prompt]");
  if (!box) return;
  var supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  var form = box.querySelector("[data-push-form]");
  if (!supported) {
    // Said in the form's room, the form left invisible (site.css): nothing below moves.
    form.classList.add("push-unsupported-here");
    box.querySelector("[data-push-unsupported]").hidden = false;
    box.hidden = false;
    return;
  }
  var status = box.querySelector("[data-push-status]");
  var onButton = box.querySelector("[data-push-subscribe]");
  var offButton = box.querySelector("[data-push-unsubscribe]");
  box.hidden = false;

  function say(name) {
    status.textContent = box.getAttribute("data-text-" + name) || "";
  }

  function showState(subscribed) {
    offButton.hidden = !subscribed;
  }

  // The server's public key, base64url, as the bytes PushManager.subscribe() takes.
  function keyBytes(text) {
    var base64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function chosenSections() {
    var scope = form.querySelector("input[name=push-scope]:checked");
    if (!scope || scope.value === "all") return [];
    return Array.prototype.map.call(
      form.querySelectorAll("input[name=push-section]:checked"),
      function (box) { return Number(box.value); }
    );
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error("refused: " + response.status);
      return response.json();
    });
  }

  function registration() {
    return navigator.serviceWorker.ready;
  }

  // The service worker keeps the choice, to renew the subscription if the browser
  // replaces it (reader/sw.js, "pushsubscriptionchange"); null forgets it.
  function tellWorker(choice) {
    return registration().then(function (worker) {
      if (worker.active) worker.active.postMessage({ type: "push-choice", choice: choice });
    });
  }

  // Choosing a section switches to "these sections".
  form.addEventListener("change", function (event) {
    if (event.target.name === "push-section" && event.target.checked) {
      form.querySelector("input[name=push-scope][value=sections]").checked = true;
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var sections = chosenSections();
    var scope = form.querySelector("input[name=push-scope]:checked");
    if (scope && scope.value === "sections" && !sections.length) {
      say("choose");
      return;
    }
    onButton.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("denied");
        return registration();
      })
      .then(function (worker) {
        return worker.pushManager.getSubscription().then(function (existing) {
          return (
            existing ||
            worker.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: keyBytes(box.getAttribute("data-push-key")),
            })
          );
        });
      })
      .then(function (subscription) {
        var json = subscription.toJSON();
        return post(box.getAttribute("data-subscribe-url"), {
          endpoint: json.endpoint,
          keys: json.keys,
          edition: box.getAttribute("data-edition"),
          sections: sections,
        });
      })
      .then(function () {
        say("on");
        showState(true);
        return tellWorker({
          edition: box.getAttribute("data-edition"),
          sections: sections,
          subscribe: box.getAttribute("data-subscribe-url"),
          unsubscribe: box.getAttribute("data-unsubscribe-url"),
        });
      })
      .catch(function (error) {
        say(error && error.message === "denied" ? "denied" : "failed");
      })
      .then(function () {
        onButton.disabled = false;
      });
  });

  offButton.addEventListener("click", function () {
    registration()
      .then(function (worker) {
        return worker.pushManager.getSubscription();
      })
      .then(function (subscription) {
        if (!subscription) return null;
        var json = subscription.toJSON();
        return post(box.getAttribute("data-unsubscribe-url"), {
          endpoint: json.endpoint,
          keys: { auth: json.keys.auth },
        }).then(function () {
          return subscription.unsubscribe();
        });
      })
      .then(function () {
        say("off");
        showState(false);
        return tellWorker(null);
      })
      .catch(function () {
        say("failed");
      });
  });

  // Already on (from an earlier visit): say so and offer to turn them off.
  if (Notification.permission === "granted") {
    navigator.serviceWorker.getRegistration().then(function (worker) {
      if (!worker) return;
      worker.pushManager.getSubscription().then(function (subscription) {
        if (subscription) {
          say("on");
          showState(true);
        }
      });
    });
  }
})();
