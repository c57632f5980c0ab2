// Meeting mode: `?meeting=1` in the URL (or the header toggle) hides controls and enlarges type; left and right
// arrows step through the overview and each directorate, keeping `meeting=1` and the period.
(function () {
  function inMeeting() { return new URLSearchParams(window.location.search).get("meeting") === "1"; }

  function sync() {
    var on = inMeeting();
    document.body.classList.toggle("meeting-mode", on);
    var toggle = document.getElementById("shell-meeting-toggle");
    if (toggle) { toggle.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  // Navigate inside the Dash app the way dcc.Link does: push the URL, then tell every dcc.Location.
  function go(path, params) {
    var query = params.toString();
    window.history.pushState({}, "", path + (query ? "?" + query : ""));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    sync();
    window.scrollTo(0, 0);
  }

  function setMeeting(on) {
    var params = new URLSearchParams(window.location.search);
    if (on) { params.set("meeting", "1"); } else { params.delete("meeting"); }
    go(window.location.pathname, params);
  }

  function stops() {
    var holder = document.getElementById("shell-stops");
    return holder ? holder.getAttribute("data-stops").split(",") : ["/"];
  }

  function step(delta) {
    var list = stops();
    var here = list.indexOf(window.location.pathname.replace(/\/$/, "") || "/");
    var next = list[((here < 0 ? 0 : here) + delta + list.length) % list.length];
    var params = new URLSearchParams();
    var period = new URLSearchParams(window.location.search).get("period");
    if (period) { params.set("period", period); }
    params.set("meeting", "1");
    go(next, params);
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("#shell-meeting-toggle")) { setMeeting(!inMeeting()); }
    else if (event.target.closest(".js-meeting-exit")) { setMeeting(false); }
  });

  document.addEventListener("keydown", function (event) {
    if (!inMeeting() || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.target.isContentEditable) { return; }
    if (event.target.closest && event.target.closest(".ag-root-wrapper, .js-plotly-plot")) { return; }
    if (event.key === "ArrowRight") { event.preventDefault(); step(1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); step(-1); }
  });

  // The page's own dcc.Location pushes filter changes: keep the body class in step with every URL change.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = window.history[name];
    window.history[name] = function () { var out = original.apply(this, arguments); sync(); return out; };
  });
  window.addEventListener("popstate", sync);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sync); } else { sync(); }
  new MutationObserver(function () {
    var toggle = document.getElementById("shell-meeting-toggle");
    if (toggle && toggle.getAttribute("aria-pressed") !== (inMeeting() ? "true" : "false")) { sync(); }
  }).observe(document.documentElement, {childList: true, subtree: true});
}());
