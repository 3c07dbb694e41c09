"""The script of `branchpress/reading`, inlined at the end of every page (no request of its own).

It wires the 大字版 control (the settings are applied before the first paint by HEAD_SCRIPT in
plugin.py) and 朗读 on record pages. Speech is cut into pieces short enough for every speech
engine (some stop a long utterance after about 15 seconds): paragraphs, and long paragraphs at
the ends of sentences. Leaving the page stops the voice, which some browsers would otherwise
carry over to the next page. Written for old browsers too (WeChat's on older phones): ES5,
no arrow functions, no classes; no comments, so that `minify` may join its lines.
"""

from __future__ import annotations

from ..core.site.minify import minify

SOURCE = r"""
(function () {
  "use strict";
  var KEY = "bp-reading";
  var SIZES = ["100", "125", "150"];
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (error) { return {}; }
  }
  function save(settings) {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (error) { }
  }
  function apply(settings) {
    var size = String(settings.size || "100");
    if (size === "100" || SIZES.indexOf(size) < 0) root.removeAttribute("data-bp-size");
    else root.setAttribute("data-bp-size", size);
    if (settings.contrast) root.setAttribute("data-bp-contrast", "high");
    else root.removeAttribute("data-bp-contrast");
  }

  function readingControls(box) {
    var toggle = box.querySelector(".bp-reading__toggle");
    var panel = box.querySelector(".bp-reading__panel");
    var settings = load();
    var sizes = box.querySelectorAll("input[name=bp-reading-size]");
    var contrast = box.querySelector("input[name=bp-reading-contrast]");
    for (var i = 0; i < sizes.length; i++) {
      sizes[i].checked = sizes[i].value === String(settings.size || "100");
      sizes[i].addEventListener("change", function (event) {
        settings.size = Number(event.target.value);
        apply(settings);
        save(settings);
      });
    }
    contrast.checked = !!settings.contrast;
    contrast.addEventListener("change", function () {
      settings.contrast = contrast.checked;
      apply(settings);
      save(settings);
    });
    function show(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      show(panel.hidden);
      if (!panel.hidden) (box.querySelector("input:checked") || sizes[0]).focus();
    });
    box.querySelector(".bp-reading__close").addEventListener("click", function () {
      show(false);
      toggle.focus();
    });
    box.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !panel.hidden) {
        show(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !box.contains(event.target)) show(false);
    });
  }

  function pieces(text) {
    var out = [];
    var parts = text.split(/\n+/);
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].replace(/\s+/g, " ").trim();
      while (part.length > 120) {
        var cut = part.slice(0, 120).search(/[。！？；!?;][^。！？；!?;]*$/);
        cut = cut > 20 ? cut + 1 : 120;
        out.push(part.slice(0, cut));
        part = part.slice(cut).trim();
      }
      if (part) out.push(part);
    }
    return out;
  }

  function readAloud(box) {
    var speech = window.speechSynthesis;
    var article = box.closest("article") || document.querySelector("main");
    var play = box.querySelector(".bp-speech__play");
    var pause = box.querySelector(".bp-speech__pause");
    var stop = box.querySelector(".bp-speech__stop");
    var status = box.querySelector(".bp-speech__status");
    var state = "idle";
    var run = 0;
    function set(next, message) {
      state = next;
      play.disabled = next !== "idle";
      pause.disabled = next === "idle";
      stop.disabled = next === "idle";
      pause.querySelector(".bp-speech__label").textContent = next === "paused" ? "继续" : "暂停";
      status.textContent = message;
    }
    function text() {
      var title = article.querySelector("h1");
      var body = article.querySelector(".bp-record__body") || article;
      return (title ? title.innerText + "\n" : "") + body.innerText;
    }
    function voice() {
      var voices = speech.getVoices ? speech.getVoices() : [];
      for (var i = 0; i < voices.length; i++) {
        if (/^zh[-_]CN/i.test(voices[i].lang)) return voices[i];
      }
      return null;
    }
    play.addEventListener("click", function () {
      speech.cancel();
      run += 1;
      var mine = run;
      var list = pieces(text());
      var chosen = voice();
      for (var i = 0; i < list.length; i++) {
        var utterance = new window.SpeechSynthesisUtterance(list[i]);
        utterance.lang = "zh-CN";
        if (chosen) utterance.voice = chosen;
        if (i === list.length - 1) {
          utterance.onend = function () { if (mine === run) set("idle", "朗读结束。"); };
        }
        speech.speak(utterance);
      }
      set("speaking", "正在朗读。");
      pause.focus();
    });
    pause.addEventListener("click", function () {
      if (state === "speaking") {
        speech.pause();
        set("paused", "已暂停。");
      } else if (state === "paused") {
        speech.resume();
        set("speaking", "继续朗读。");
      }
    });
    stop.addEventListener("click", function () {
      run += 1;
      speech.cancel();
      set("idle", "已停止朗读。");
      play.focus();
    });
    window.addEventListener("pagehide", function () { speech.cancel(); });
  }

  var boxes = document.querySelectorAll(".bp-reading");
  for (var i = 0; i < boxes.length; i++) readingControls(boxes[i]);
  if (root.hasAttribute("data-bp-speech")) {
    var players = document.querySelectorAll(".bp-speech");
    for (var j = 0; j < players.length; j++) readAloud(players[j]);
  }
})();
"""

SCRIPT = minify(SOURCE)
