// dbc.Progress draws a role="progressbar" with no name and takes no aria props: name each from the
// data-progress-label of the element around it (dashboards/reports.py, dashboards/import_data.py).
(function () {
  function name() {
    document.querySelectorAll("[data-progress-label] [role=progressbar]:not([aria-label])").forEach(function (bar) {
      bar.setAttribute("aria-label", bar.closest("[data-progress-label]").getAttribute("data-progress-label"));
    });
  }
  new MutationObserver(name).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", name);
})();
