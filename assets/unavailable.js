// When the server answers a page's layout or a callback with 503 (the database is unavailable or busy), say so in
// the page the reader is looking at, in the server's own words, instead of leaving it empty or unchanged. The next
// answer that succeeds takes the notice away again (the server recovers by itself when the database returns).
(function () {
  var ID = "service-unavailable";
  var original = window.fetch;
  if (!original) { return; }

  function show(message) {
    var box = document.getElementById(ID);
    if (!box) {
      box = document.createElement("div");
      box.id = ID;
      box.className = "alert alert-danger m-3";
      box.setAttribute("role", "alert");
      var icon = document.createElement("i");
      icon.className = "bi bi-exclamation-octagon-fill me-2";
      icon.setAttribute("aria-hidden", "true");
      box.appendChild(icon);
      box.appendChild(document.createElement("span"));
      var content = document.getElementById("_pages_content");
      if (content && content.parentNode) { content.parentNode.insertBefore(box, content); }
      else { document.body.insertBefore(box, document.body.firstChild); }
    }
    box.lastChild.textContent = message || "The service is unavailable, try again shortly.";
  }

  function hide() {
    var box = document.getElementById(ID);
    if (box) { box.parentNode.removeChild(box); }
  }

  window.fetch = function (input) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    return original.apply(this, arguments).then(function (response) {
      if (url.indexOf("/_dash-") !== -1) {
        if (response.status === 503) {
          response.clone().text().then(show, function () { show(""); });
        } else if (response.ok) {
          hide();
        }
      }
      return response;
    });
  };
}());
