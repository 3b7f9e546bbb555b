// The Preview panel's Copy buttons: put a preview link on the clipboard.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    var done = function () { button.textContent = button.getAttribute("data-copied"); };
    // Without the clipboard API (or its permission), the selected text is copied.
    var select = function () {
      field.select();
      if (document.execCommand("copy")) done();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, select);
    } else {
      select();
    }
  });
})();
