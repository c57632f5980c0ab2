// Charts (dcc.Graph) after every draw: a name for assistive technology, and tick spacing by width (dashboards/chart_style.py, category_axis): on every category x axis, label every step-th
// period counted back from the latest, the step chosen from the axis's drawn width and its widest label so that no
// two labels touch (each keeps layout.meta.cpdTickGap px clear). Runs after every draw, so a resize or zoom re-spaces
// the labels; a relayout that changes nothing is never made, so it cannot loop.
(function () {
  var canvas = document.createElement("canvas").getContext("2d");

  function textWidth(text, font) {
    canvas.font = font.size + "px " + font.family;
    return canvas.measureText(String(text)).width;
  }

  function space(gd) {
    var full = gd._fullLayout;
    if (!full || !window.Plotly) { return; }
    var gap = (full.meta && full.meta.cpdTickGap) || 12;
    var update = {};
    Object.keys(full).forEach(function (key) {
      var ax = full[key];
      if (!/^xaxis\d*$/.test(key) || !ax || ax.type !== "category" || !ax._length) { return; }
      var cats = ax._categories || [];
      if (!cats.length) { return; }
      var widest = Math.max.apply(null, cats.map(function (c) { return textWidth(c, ax.tickfont); }));
      var span = Math.abs(ax.range[1] - ax.range[0]) || cats.length;
      var step = Math.max(1, Math.ceil((widest + 2 * gap) / (ax._length / span)));
      var tick0 = (cats.length - 1) % step;   // the latest period is always labelled
      var asked = (gd.layout && gd.layout[key]) || {};   // what was last asked for, as given
      if (asked.tickmode === "linear" && asked.dtick === step && asked.tick0 === tick0) { return; }
      update[key + ".tickmode"] = "linear";
      update[key + ".dtick"] = step;
      update[key + ".tick0"] = tick0;
    });
    if (!Object.keys(update).length) { return; }
    var now = Date.now();   // never more than a few re-spacings a second, whatever the browser does
    if (gd.cpdSpacedAt && now - gd.cpdSpacedAt < 250) { gd.cpdSpacings = (gd.cpdSpacings || 0) + 1; }
    else { gd.cpdSpacings = 0; }
    gd.cpdSpacedAt = now;
    if (gd.cpdSpacings < 5) { window.Plotly.relayout(gd, update); }
  }

  // A chart is one image to assistive technology, named by layout.meta.cpdLabel (its words and its table follow it
  // on the page); plotly's second SVG (hover labels) and its drag layers are hidden from it.
  function name(gd) {
    var full = gd._fullLayout || {};
    var label = (full.meta && full.meta.cpdLabel) || (full.title && full.title.text) || "Chart";
    gd.querySelectorAll("svg.main-svg").forEach(function (svg, i) {
      if (i === 0) {
        if (svg.getAttribute("aria-label") !== label) { svg.setAttribute("aria-label", label); }
        svg.setAttribute("role", "img");
      } else { svg.setAttribute("aria-hidden", "true"); }
    });
  }

  function watch(gd) {
    if (gd.cpdTicks || typeof gd.on !== "function") { return; }
    gd.cpdTicks = true;
    var later = function () { window.requestAnimationFrame(function () { name(gd); space(gd); }); };
    gd.on("plotly_afterplot", later);
    gd.on("plotly_relayout", later);
    if (window.ResizeObserver) { new ResizeObserver(later).observe(gd); }
    later();
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
})();
