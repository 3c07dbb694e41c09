"""The script `branchpress/material` puts in front of Material's bundle.

It runs before Material's JavaScript and changes three things Material does:

1. The search index and the search worker. Material starts its search worker and downloads
   `search/search_index.json` (every published page's full text, so it grows with every record)
   as soon as any page loads, although most visitors never search. Here the worker is created
   and the index requested only when the visitor shows intent to search: touches or focuses the
   search box, opens the search dialog, or arrives with `?q=` / `?h=` in the address. Until
   then Material talks to a stand-in worker that queues its messages; Material's own code is
   unchanged, so search behaves exactly as before once opened. If Material changes how it loads
   these (another URL, `fetch`), nothing breaks: the index is merely loaded early again, and the
   browser tests catch that.
2. Material looks up `sitemap.xml` beside the href of every `<link rel=alternate>` in the page,
   meant for language versions of a site. BranchPress's feed links are alternates too, so every
   page fetched the sitemap once per feed link: on the site's host (`site_url`, even when the
   site is served from elsewhere) and, for a type's own feeds, at `/activities/<type>/sitemap.xml`,
   which does not exist. Those look-ups are answered at once as failed, without the network,
   unless the link names a language (`hreflang`); Material already ignores a failed look-up.
   The site's own sitemap stays available to Material's instant navigation when that is on.
3. Material searches when a key is released in the search box; Chinese typed with an input
   method on a phone may arrive without a key event, so text input counts as one too.
"""

from __future__ import annotations

from ..core.site.minify import minify

# Written for old browsers too (WeChat's on older phones): ES5, no arrow functions, no classes.
SOURCE = r"""
(function () {
  "use strict";
  var node = document.getElementById("__config");
  if (!node || !window.URL || !window.EventTarget) return;
  var config;
  try { config = JSON.parse(node.textContent); } catch (error) { return; }
  var here = location.href;
  function resolve(url, base) {
    try { return new URL(String(url), base || here).href; } catch (error) { return null; }
  }
  var base = resolve(config.base) || here;
  var indexURL = resolve("search/search_index.json", base);
  var workerURL = config.search ? resolve(config.search) : null;
  var opened = false;
  var waiting = [];
  function open() {
    if (opened) return;
    opened = true;
    var run = waiting;
    waiting = [];
    for (var i = 0; i < run.length; i++) run[i]();
  }
  function whenOpen(callback) {
    if (opened) callback(); else waiting.push(callback);
  }

  var ownSitemap = resolve("sitemap.xml", base);
  var instant = (config.features || []).some(function (name) {
    return name.indexOf("navigation.instant") === 0;
  });
  var wanted = {};
  var skipped = {};
  function scanAlternates() {
    var links = document.querySelectorAll("link[rel=alternate]");
    for (var i = 0; i < links.length; i++) {
      var sitemap = resolve("sitemap.xml", links[i].href);
      if (links[i].hasAttribute("hreflang")) wanted[sitemap] = true; else skipped[sitemap] = true;
    }
  }
  function skip(url) {
    if (!url || !/\/sitemap\.xml$/.test(url)) return false;
    if (url === ownSitemap && instant) return false;
    scanAlternates();
    return skipped[url] === true && wanted[url] !== true;
  }

  var proto = XMLHttpRequest.prototype;
  var realOpen = proto.open;
  var realSend = proto.send;
  proto.open = function (method, url) {
    this.__branchpressURL = resolve(url);
    return realOpen.apply(this, arguments);
  };
  proto.send = function () {
    var request = this;
    var args = arguments;
    var url = request.__branchpressURL;
    if (url === indexURL && !opened) {
      whenOpen(function () { realSend.apply(request, args); });
      return;
    }
    if (skip(url)) {
      setTimeout(function () { request.dispatchEvent(new Event("error")); }, 0);
      return;
    }
    return realSend.apply(request, args);
  };

  var RealWorker = window.Worker;
  if (RealWorker && workerURL) {
    var LazyWorker = function (url, options) {
      if (resolve(url) !== workerURL || opened) {
        return options === undefined ? new RealWorker(url) : new RealWorker(url, options);
      }
      var stand = new EventTarget();
      var real = null;
      var queue = [];
      stand.postMessage = function (message) {
        if (real) real.postMessage(message); else if (queue) queue.push(message);
      };
      stand.terminate = function () {
        if (real) real.terminate();
        queue = null;
      };
      whenOpen(function () {
        if (!queue) return;
        real = options === undefined ? new RealWorker(url) : new RealWorker(url, options);
        real.addEventListener("message", function (event) {
          stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        for (var i = 0; i < queue.length; i++) real.postMessage(queue[i]);
        queue = [];
      });
      return stand;
    };
    LazyWorker.prototype = RealWorker.prototype;
    window.Worker = LazyWorker;
  }

  // Material reads the search box on keyup. Text an input method commits (pinyin on a phone,
  // a candidate tapped) can arrive with no keyup at all, and the query would wait for another
  // key: an input outside a composition counts as a keyup (Material drops repeated values).
  function typed(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("[data-md-component=search-query]")) return;
    if (event.type === "input" && event.isComposing) return;
    var keyup;
    try { keyup = new KeyboardEvent("keyup", { bubbles: true }); } catch (error) {
      keyup = document.createEvent("Event");
      keyup.initEvent("keyup", true, false);
    }
    box.dispatchEvent(keyup);
  }
  document.addEventListener("input", typed, true);
  document.addEventListener("compositionend", typed, true);

  if (/[?&](q|h)=/.test(location.search)) open();
  function intent(event) {
    var target = event.target;
    if (!target || !target.closest) return;
    if (target.closest("[data-md-component=search], label[for=__search]")) open();
  }
  document.addEventListener("pointerdown", intent, true);
  document.addEventListener("touchstart", intent, { capture: true, passive: true });
  document.addEventListener("focusin", intent, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  }, true);
})();
"""


SCRIPT = minify(SOURCE)
