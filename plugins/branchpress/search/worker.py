"""The search worker Material's search box talks to when the index is in shards.

Material runs search in a web worker it finds in the page's configuration (`__config`,
`search`), and speaks a small protocol with it: SETUP (the index's configuration and
pages) answered by READY, then QUERY (what the visitor typed) answered by RESULT
(pages ranked, matches highlighted). Material documents that a site may bring its own
worker that speaks it; this one does, and keeps Material's own worker for the work:

- It loads Material's worker into itself (`importScripts`) and keeps Material's message
  handler for itself, so Material's segmentation of Chinese queries, its ranking,
  highlighting and suggestions run unchanged.
- SETUP brings only the manifest (`config.shards`, core/site/search_shards.py): READY at once.
- For a QUERY it loads the term shards of the query's characters (for a Chinese run every
  character, since Material segments it at any position; for other words the first), finds
  the words Material would match (the same greedy segmentation against the index's words,
  each word also as a prefix), scores the pages that hold them (rarer words count more, a
  word in the title three times), loads the best `limit` pages and gives Material's worker
  those pages and the query. Loaded shards and pages are kept for the next query.
- Without a manifest (an index written whole, as `mkdocs serve` writes it) it is Material's
  worker and nothing else.

Queries are answered in order; one overtaken by a newer query before its turn is dropped,
as Material shows only the latest result anyway.
"""

from __future__ import annotations

import hashlib

from ..core.site.minify import minify

# Material's worker file name replaces MATERIAL_WORKER. ES2015 at most: Material's bundle
# needs no more than that, so every browser that shows Material's search runs this.
SOURCE = r"""
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var realPost = self.postMessage.bind(self);
  var realAdd = self.addEventListener;
  var materialListener = null;
  self.addEventListener = function (type, listener) {
    if (type === "message" && !materialListener) { materialListener = listener; return; }
    return realAdd.apply(self, arguments);
  };
  importScripts("MATERIAL_WORKER");
  self.addEventListener = realAdd;
  var answer = null;
  self.postMessage = function (message) {
    var resolve = answer;
    answer = null;
    if (resolve) resolve(message);
  };
  function material(message) {
    return new Promise(function (resolve) {
      answer = resolve;
      materialListener({ data: message });
    });
  }

  var root = new URL("../../../", self.location.href);
  var setup = null, manifest = null, separator = /[\s\u200b\-]+/;
  var shards = {}, pages = {}, shown = null, latest = 0, queue = Promise.resolve();

  function load(cache, path) {
    if (!cache[path]) {
      var url = new URL(path + "?v=" + manifest.version, root).href;
      cache[path] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function shardOf(term) {
    return "search/terms/" + (term.codePointAt(0) % manifest.terms) + ".json";
  }

  // Material's greedy segmentation of a Chinese run (integrations/search/query/segment).
  function segment(query, has) {
    var segments = {};
    var wordcuts = new Uint16Array(query.length);
    for (var i = 0; i < query.length; i++)
      for (var j = i + 1; j < query.length; j++)
        if (has(query.slice(i, j))) wordcuts[i] = j - i;
    var stack = [0];
    for (var s = stack.length; s > 0;) {
      var p = stack[--s];
      for (var q = 1; q < wordcuts[p]; q++)
        if (wordcuts[p + q] > wordcuts[p] - q) {
          segments[query.slice(p, p + q)] = true;
          stack[s++] = p + q;
        }
      var end = p + wordcuts[p];
      if (wordcuts[end] && end < query.length - 1) stack[s++] = end;
      segments[query.slice(p, end)] = true;
    }
    if (segments[""]) return [query];
    return Object.keys(segments);
  }

  function words(query) {
    var han = [], other = [];
    query.toLowerCase().replace(/\p{sc=Han}+/gu, function (run) {
      han.push(run);
      return " ";
    }).split(separator).forEach(function (word) {
      word = word.replace(/^[*+\-:^~"]+|[*+\-:^~"]+$/g, "").replace(/[~^]\d*$/, "");
      if (word) other.push(word);
    });
    return { han: han, other: other };
  }

  function candidates(query) {
    var parts = words(query);
    var needed = {};
    parts.han.forEach(function (run) {
      for (var i = 0; i < run.length; i++) needed[shardOf(run[i])] = true;
    });
    parts.other.forEach(function (word) { needed[shardOf(word)] = true; });
    var paths = Object.keys(needed);
    return Promise.all(paths.map(function (path) { return load(shards, path); })).then(function (list) {
      var loaded = {};
      paths.forEach(function (path, index) { loaded[path] = list[index]; });
      function entries(term) { return loaded[shardOf(term)] || {}; }
      function has(term) { return Object.prototype.hasOwnProperty.call(entries(term), term); }
      var terms = parts.other.slice();
      parts.han.forEach(function (run) { terms = terms.concat(segment(run, has)); });
      var scores = {};
      terms.forEach(function (term) {
        var shard = entries(term);
        Object.keys(shard).forEach(function (word) {
          if (word.lastIndexOf(term, 0) !== 0) return;
          var gaps = shard[word].split(",");
          var weight = Math.log(1 + manifest.pages / gaps.length);
          var page = 0;
          for (var g = 0; g < gaps.length; g++) {
            var value = parseInt(gaps[g], 36);
            page += value >> 1;
            scores[page] = (scores[page] || 0) + weight * (value & 1 ? 3 : 1);
          }
        });
      });
      return Object.keys(scores).map(Number).sort(function (a, b) {
        return scores[b] - scores[a] || b - a;
      }).slice(0, manifest.limit);
    });
  }

  function search(query) {
    return candidates(query).then(function (best) {
      if (!best.length) return { type: RESULT, data: { items: [] } };
      return Promise.all(best.map(function (page) {
        return load(pages, "search/pages/" + page + ".json");
      })).then(function (docs) {
        var key = best.slice().sort().join(",");
        var ready = key === shown ? Promise.resolve() : material({
          type: SETUP, data: { config: setup.config, docs: docs, options: setup.options }
        });
        shown = key;
        return ready.then(function () { return material({ type: QUERY, data: query }); });
      });
    });
  }

  function handle(message, number) {
    if (message.type === SETUP) {
      setup = message.data;
      manifest = setup.config && setup.config.shards;
      if (!manifest) return material(message);
      if (setup.config.separator) separator = new RegExp(setup.config.separator + "|\\s+");
      return Promise.resolve({ type: READY });
    }
    if (message.type === QUERY && manifest) {
      if (number !== latest) return Promise.resolve(null);
      return search(message.data);
    }
    return material(message);
  }

  realAdd.call(self, "message", function (event) {
    var number = event.data && event.data.type === QUERY ? ++latest : latest;
    queue = queue.then(function () {
      return handle(event.data, number);
    }).then(function (reply) {
      if (reply) realPost(reply);
    }, function (error) {
      console.warn("search:", error);
      if (event.data && event.data.type === QUERY) realPost({ type: RESULT, data: { items: [] } });
    });
  });
})();
"""


def worker_script(material_worker: str) -> tuple[str, str]:
    """The worker for Material's worker of this name, and a file name that changes with it."""
    script = minify(SOURCE.replace("MATERIAL_WORKER", material_worker))
    digest = hashlib.sha1(script.encode("utf-8")).hexdigest()[:8]
    return f"branchpress-search.{digest}.min.js", script
