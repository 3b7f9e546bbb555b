/* The app banner's close button. The banner is revealed by the inline script of
   reader/includes/banner_reveal.js (a template) during the first visit only; closing it is
   remembered in localStorage, not in a cookie: pages are cached publicly and must be the same
   for every reader. */
(function () {
  "use strict";
  const banner = document.getElementById("app-banner");
  if (!banner) return;

  function hide() {
    banner.hidden = true;
  }

  banner.querySelector(".app-banner-close").addEventListener("click", function () {
    hide();
    try {
      localStorage.setItem(banner.dataset.dismissedKey, "1");
      sessionStorage.removeItem(banner.dataset.dismissedKey); // this visit's pages too
    } catch (error) {
      // Storage full or refused: hidden on this page only.
    }
  });
  // Installed from this tab: the reader needs the banner no more.
  window.addEventListener("appinstalled", hide);
})();
