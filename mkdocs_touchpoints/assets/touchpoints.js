/* mkdocs-touchpoints: draws the journey charts from their data-tp-figure attributes.
 *
 * - each chart arrives drawn as static SVG (built from the same figure); plotly.js
 *   (plotly-cartesian.min.js, from the folder of this script, only on pages with charts)
 *   is loaded once the page has painted and the browser is idle, or at once when the
 *   pointer or the focus reaches a chart; the interactive chart then takes the static
 *   one's place in the height it reserved (no layout shift);
 * - renders through Material's document$ (instant navigation), else on DOMContentLoaded;
 * - follows the palette live (body[data-md-color-scheme]); the dark scheme names come
 *   from data-tp-dark-schemes on the .tp-charts block (default "slate");
 * - the metric switch restyles the heatmap; a click on a cell goes to #tp-<touchpoint-id>,
 *   a click on a point of the experience curve to #step-<n>.
 */
(function () {
  "use strict";

  var NARROW_WIDTH = 520;
  var PLOTLY_FILE = "plotly-cartesian.min.js";
  var IDLE_TIMEOUT = 300;
  var WAKE_EVENTS = ["pointerover", "pointerdown", "touchstart", "focusin"];
  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false,
    showTips: false
  };
  var FALLBACK = {
    light: { fg: "rgba(0, 0, 0, 0.87)", muted: "rgba(0, 0, 0, 0.54)", line: "rgba(0, 0, 0, 0.12)", bg: "#ffffff" },
    dark: { fg: "rgba(226, 228, 233, 0.82)", muted: "rgba(226, 228, 233, 0.56)", line: "rgba(226, 228, 233, 0.12)", bg: "#1e2129" }
  };

  var scriptUrl = scriptSource();
  var plotlyPromise = null;
  var plots = [];
  var observedBody = null;
  var resizeTimer = null;

  function scriptSource() {
    var current = document.currentScript;
    if (current && current.src) return current.src;
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      if (/(^|\/)touchpoints\.js(\?|#|$)/.test(scripts[i].getAttribute("src"))) return scripts[i].src;
    }
    return document.baseURI;
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL(PLOTLY_FILE, scriptUrl).href;
        tag.async = true;
        tag.onload = function () {
          if (window.Plotly) resolve(window.Plotly);
          else reject(new Error(PLOTLY_FILE + " did not define Plotly"));
        };
        tag.onerror = function () {
          plotlyPromise = null;
          reject(new Error("could not load " + tag.src));
        };
        document.head.appendChild(tag);
      });
    }
    return plotlyPromise;
  }

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  /* Copy the keys of patch into target, merging nested objects (arrays are replaced). */
  function merge(target, patch) {
    Object.keys(patch).forEach(function (key) {
      var value = patch[key];
      var plain = value && typeof value === "object" && !Array.isArray(value);
      if (plain && target[key] && typeof target[key] === "object") merge(target[key], value);
      else target[key] = clone(value);
    });
    return target;
  }

  function darkSchemes(gd) {
    var block = gd.closest(".tp-charts") || gd;
    var names = block && block.getAttribute("data-tp-dark-schemes");
    return (names || "slate").split(/[\s,]+/).filter(Boolean);
  }

  function isDark(gd) {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    return scheme !== null && darkSchemes(gd).indexOf(scheme) !== -1;
  }

  /* Resolve a Material colour variable to rgb()/rgba() through a probe element. */
  function resolveColour(host, variable, fallback) {
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = "var(" + variable + ", " + fallback + ")";
    host.appendChild(probe);
    var colour = getComputedStyle(probe).color;
    host.removeChild(probe);
    return colour || fallback;
  }

  function theme(gd) {
    var dark = isDark(gd);
    var base = dark ? FALLBACK.dark : FALLBACK.light;
    var host = gd.parentNode || document.body;
    return {
      name: dark ? "dark" : "light",
      fg: resolveColour(host, "--md-default-fg-color", base.fg),
      muted: resolveColour(host, "--md-default-fg-color--light", base.muted),
      line: resolveColour(host, "--md-default-fg-color--lightest", base.line),
      bg: resolveColour(host, "--md-default-bg-color", base.bg),
      font: getComputedStyle(host).fontFamily
    };
  }

  function styleAxis(axis, colours) {
    if (!axis) return;
    axis.color = colours.fg;
    axis.gridcolor = colours.line;
    axis.linecolor = colours.line;
    axis.tickcolor = colours.line;
    axis.zerolinecolor = colours.line;
  }

  /* The figure to draw for the plot's current metric, palette and width. */
  function figureFor(plot) {
    var spec = plot.spec;
    var figure = clone(spec.figure);
    var layout = figure.layout;
    var colours = theme(plot.gd);
    var narrow = plot.gd.clientWidth > 0 && plot.gd.clientWidth < NARROW_WIDTH;
    plot.themeName = colours.name;
    plot.narrow = narrow;

    layout.font = Object.assign({}, layout.font, { color: colours.fg, family: colours.font });
    layout.hoverlabel = Object.assign({}, layout.hoverlabel, {
      bgcolor: colours.bg,
      bordercolor: colours.line,
      font: { color: colours.fg, family: colours.font }
    });
    styleAxis(layout.xaxis, colours);
    styleAxis(layout.yaxis, colours);

    if (spec.metrics && plot.metric) {
      var trace = figure.data[0];
      var variant = clone(spec.metrics[plot.metric]);
      if (!("zmid" in variant)) delete trace.zmid;
      Object.assign(trace, variant); // every key a metric sets, the colour bar whole
      trace.colorscale = spec.colourscales[plot.metric][colours.name];
      var colorbar = trace.colorbar;
      colorbar.tickfont = { color: colours.fg };
      if (narrow) {
        Object.assign(colorbar, { orientation: "h", x: 0, xanchor: "left", y: -0.04, yanchor: "top", thickness: 10 });
        layout.height = (layout.height || 300) + 50;
      }
    }
    if (spec.dark && colours.name === "dark") {
      spec.dark.forEach(function (patch, index) {
        if (figure.data[index]) merge(figure.data[index], patch);
      });
    }
    if (narrow && spec.narrow) {
      if (spec.narrow.x && layout.xaxis) layout.xaxis.ticktext = spec.narrow.x;
      if (spec.narrow.y && layout.yaxis) layout.yaxis.ticktext = spec.narrow.y;
      if (spec.narrow.annotations && layout.annotations) {
        layout.annotations.forEach(function (note, index) {
          if (index < spec.narrow.annotations.length) note.text = spec.narrow.annotations[index];
        });
      }
    }
    return figure;
  }

  function draw(plot) {
    var figure = figureFor(plot);
    return window.Plotly.react(plot.gd, figure.data, figure.layout, CONFIG).then(function () {
      dropStatic(plot.gd);
      plot.gd.setAttribute("data-tp-current-metric", plot.metric || "");
      plot.gd.setAttribute("data-tp-theme", plot.themeName);
    });
  }

  /* The build-time drawing goes once Plotly's chart stands in the same place. */
  function dropStatic(gd) {
    var drawn = gd.querySelectorAll(":scope > .tp-static");
    Array.prototype.forEach.call(drawn, function (element) {
      element.parentNode.removeChild(element);
    });
  }

  /* The static drawings follow the palette too: the block says which one is on. */
  function markPalettes() {
    var blocks = document.querySelectorAll(".tp-charts");
    Array.prototype.forEach.call(blocks, function (block) {
      var scheme = document.body.getAttribute("data-md-color-scheme");
      var dark = scheme !== null && darkSchemes(block).indexOf(scheme) !== -1;
      block.setAttribute("data-tp-palette", dark ? "dark" : "light");
    });
  }

  function wireSwitch(plot) {
    var chart = plot.gd.closest(".tp-chart");
    var group = chart && chart.querySelector(".tp-metric-switch");
    if (!group) return;
    var buttons = group.querySelectorAll("[data-tp-metric]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var metric = button.getAttribute("data-tp-metric");
        if (!plot.spec.metrics[metric] || metric === plot.metric) return;
        plot.metric = metric;
        Array.prototype.forEach.call(buttons, function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        draw(plot).catch(report);
      });
    });
    group.hidden = false;
  }

  function wireClicks(plot) {
    if (!plot.spec.anchors) return;
    plot.gd.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (!point) return;
      // A heatmap cell gives [row, column]; a scatter point its index.
      var index = point.pointIndex !== undefined ? point.pointIndex : point.pointNumber;
      var row = Array.isArray(index) ? index[0] : index;
      var anchor = plot.spec.anchors[row];
      if (anchor) window.location.hash = "#" + anchor;
    });
  }

  function report(error) {
    if (window.console) console.warn("mkdocs-touchpoints:", error);
  }

  function setUp(gd) {
    var spec;
    try {
      spec = JSON.parse(gd.getAttribute("data-tp-figure"));
    } catch (error) {
      report(error);
      return null;
    }
    var plot = { gd: gd, spec: spec, metric: spec.metric || null, themeName: null, narrow: false };
    gd.setAttribute("data-tp-rendered", "pending");
    return plot;
  }

  function forget(plot) {
    if (plot.gd.isConnected) return true;
    if (window.Plotly) window.Plotly.purge(plot.gd);
    return false;
  }

  /* plotly.js puts its global CSS rules into a <style> in <head> once, when it loads;
   * Material's instant navigation swaps <head> and drops it. Without those rules a
   * cell's value label catches the mouse (no hover over that spot) and the hover
   * label loses its styling. Keep a copy of the rules and put them back. */
  var PLOTLY_STYLE_ID = "plotly.js-style-global";
  var plotlyRules = null;

  function keepPlotlyStyle() {
    var style = document.getElementById(PLOTLY_STYLE_ID);
    if (style && style.sheet) {
      if (plotlyRules === null) {
        plotlyRules = Array.prototype.map.call(style.sheet.cssRules, function (rule) {
          return rule.cssText;
        }).join("\n");
      }
      return;
    }
    if (plotlyRules === null || !document.head) return;
    var copy = document.createElement("style");
    copy.id = PLOTLY_STYLE_ID;
    copy.textContent = plotlyRules;
    document.head.appendChild(copy);
  }

  function render() {
    plots = plots.filter(forget);
    watchPalette();
    markPalettes();
    var fresh = document.querySelectorAll(".tp-plot[data-tp-figure]:not([data-tp-rendered])");
    if (!fresh.length) return;
    var pending = Array.prototype.map.call(fresh, setUp).filter(Boolean);
    whenIdleOrTouched(pending, function () {
      drawAll(pending);
    });
  }

  /* Run `start` once: after the next paint when the browser is idle, or as soon as the
   * pointer or the focus reaches one of the charts (whichever comes first). */
  function whenIdleOrTouched(pending, start) {
    var started = false;
    function go() {
      if (started) return;
      started = true;
      start();
    }
    pending.forEach(function (plot) {
      var block = plot.gd.closest(".tp-chart") || plot.gd;
      WAKE_EVENTS.forEach(function (name) {
        block.addEventListener(name, go, { once: true, passive: true });
      });
    });
    var idle = window.requestIdleCallback
      ? function () { window.requestIdleCallback(go, { timeout: IDLE_TIMEOUT }); }
      : function () { setTimeout(go, 50); };
    if (window.requestAnimationFrame) {
      window.requestAnimationFrame(function () { setTimeout(idle, 0); });
    } else {
      idle();
    }
  }

  function drawAll(pending) {
    loadPlotly()
      .then(function () {
        keepPlotlyStyle();
        pending.forEach(function (plot) {
          if (!plot.gd.isConnected) return;
          plots.push(plot);
          draw(plot)
            .then(function () {
              plot.gd.setAttribute("data-tp-rendered", "true");
              wireSwitch(plot);
              wireClicks(plot);
            })
            .catch(report);
        });
      })
      .catch(function (error) {
        pending.forEach(function (plot) {
          plot.gd.setAttribute("data-tp-rendered", "failed");
        });
        report(error);
      });
  }

  function refresh(reason) {
    plots.forEach(function (plot) {
      if (!plot.gd.isConnected || plot.gd.getAttribute("data-tp-rendered") !== "true") return;
      var stale = reason === "palette" || (plot.gd.clientWidth < NARROW_WIDTH) !== plot.narrow;
      if (stale) draw(plot).catch(report);
    });
  }

  function watchPalette() {
    if (!document.body || observedBody === document.body || !window.MutationObserver) return;
    observedBody = document.body;
    new MutationObserver(function () {
      markPalettes();
      refresh("palette");
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary"] });
  }

  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      refresh("resize");
    }, 150);
  });

  function start() {
    if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
      document$.subscribe(render);
    } else {
      render();
    }
  }

  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(render);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    render();
  }
})();
