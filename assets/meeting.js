// Clientside callbacks (callbacks/shell.py) and the one key listener meeting mode needs.
// The URL is the state: a page's controls write its query into Dash Pages' own dcc.Location, and Pages renders the
// page again from that query, so back, forward and shared links show exactly what was seen.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  url: {
    // Each input's id is "<page>-<key>": a value the user changed goes into the query as key=value ("all" or
    // empty: no key). `shown` holds the values the page was drawn with, so the call Dash makes when a page's controls
    // first appear changes nothing (no extra history entry).
    follow: function () {
      var ctx = window.dash_clientside.callback_context;
      var shown = arguments[arguments.length - 2] || {};
      var params = new URLSearchParams(arguments[arguments.length - 1] || "");
      var changed = false;
      ctx.inputs_list.forEach(function (input) {
        var key = input.id.slice(input.id.indexOf("-") + 1);
        var value = input.value;
        if (value === shown[key]) { return; }
        changed = true;
        if (value === undefined || value === null || value === "" || value === "all") { params.delete(key); }
        else { params.set(key, value); }
      });
      if (!changed) { return window.dash_clientside.no_update; }
      window.cpdFocus = document.activeElement && document.activeElement.id;  // given back once the page is drawn
      var query = params.toString();
      return query ? "?" + query : "";
    },
    // Once Pages has drawn a page: after a control's change, focus goes back to that control; after moving to another
    // page, to the new page's heading, so keyboard and screen-reader users start there (the title is set by Pages).
    rendered: function (_store) {
      var path = window.location.pathname;
      var control = window.cpdFocus && document.getElementById(window.cpdFocus);
      // The shell's live region (it outlives the page, so screen readers hear it) says what a filter change found,
      // or which page has opened.
      var announce = document.getElementById("shell-announce");
      var say = function (text) { if (announce) { announce.textContent = (text || "").trim(); } };
      if (control) {
        control.focus();
        var found = document.querySelector("#main-content .lead");
        say(found ? found.textContent : "");
      }
      else if (window.cpdPath !== undefined && window.cpdPath !== path) {
        var heading = document.querySelector("#main-content h1");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        say(heading ? heading.textContent : document.title);
      }
      window.cpdFocus = null;
      window.cpdPath = path;
      window.cpdBusy = false;
      var next = (window.cpdKeys || []).shift();   // an arrow pressed while this page was being drawn
      if (next) { cpdStep(next); }
      return window.dash_clientside.no_update;
    },
    // The meeting-mode button and "Leave meeting mode" turn `meeting=1` on or off, keeping the rest of the query.
    meeting: function (_toggle, _leave, search) {
      var trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
      var params = new URLSearchParams(search || "");
      if (trigger.indexOf("leave") === -1 && params.get("meeting") !== "1") { params.set("meeting", "1"); }
      else { params.delete("meeting"); }
      var query = params.toString();
      return query ? "?" + query : "";
    },
    // In meeting mode the body takes the meeting style, and the previous/next links point at the neighbouring stops
    // (the overview, then each directorate), keeping the period.
    stops: function (pathname, search, stops) {
      var on = new URLSearchParams(search || "").get("meeting") === "1";
      document.body.classList.toggle("meeting-mode", on);
      var list = (stops || "/").split(",");
      var here = list.indexOf((pathname || "/").replace(/\/$/, "") || "/");
      var keep = new URLSearchParams();
      var period = new URLSearchParams(search || "").get("period");
      if (period) { keep.set("period", period); }
      keep.set("meeting", "1");
      function at(delta) { return list[((here < 0 ? 0 : here) + delta + list.length) % list.length] + "?" + keep; }
      return [on ? "true" : "false", at(-1), at(1)];
    }
  }
});

// Left and right arrows follow the meeting-mode previous/next links (ordinary dcc.Links) unless a control has focus;
// an arrow pressed while a page is still being drawn waits for it, so the links' targets are the new page's.
function cpdStep(linkId) {
  var link = document.getElementById(linkId);
  if (!link) { return; }
  window.cpdBusy = true;
  setTimeout(function () { window.cpdBusy = false; }, 5000);  // never wait for ever on a page that failed
  link.click();
  window.scrollTo(0, 0);
}

document.addEventListener("keydown", function (event) {
  if (!document.body.classList.contains("meeting-mode") || event.altKey || event.ctrlKey || event.metaKey ||
      event.shiftKey) { return; }
  var target = event.target;
  var tag = (target.tagName || "").toLowerCase();
  if (tag === "input" || tag === "select" || tag === "textarea" || target.isContentEditable) { return; }
  if (target.closest && target.closest(".ag-root-wrapper, .js-plotly-plot")) { return; }
  var linkId = {ArrowRight: "shell-meeting-next", ArrowLeft: "shell-meeting-previous"}[event.key];
  if (!linkId) { return; }
  event.preventDefault();
  if (window.cpdBusy) { (window.cpdKeys = window.cpdKeys || []).push(linkId); } else { cpdStep(linkId); }
});
