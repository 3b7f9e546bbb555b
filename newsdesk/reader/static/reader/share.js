/* The share button of an article (reader/includes/share.html): the device's share sheet
   (Web Share API) where the browser has one; elsewhere the button stays hidden and the plain
   share links beside it do the work. */
(function () {
  "use strict";
  document.querySelectorAll(".share").forEach(function (box) {
    var button = box.querySelector("[data-share-button]");
    if (!button || typeof navigator.share !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({ title: box.dataset.shareTitle, url: box.dataset.shareUrl })
        .catch(function () { /* closed by the reader: nothing to do */ });
    });
  });
})();
