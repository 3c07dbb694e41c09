// BranchPress Studio, every page: rows that can be added and removed, 发布, copying an article.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  window.branchpressStudio = { csrf };

  // Rows of people (志愿者, 缺席人员, the roster): "添加" copies the last row, emptied.
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      const rows = document.querySelector(`[data-rows="${add.dataset.addRow}"]`);
      const last = rows?.lastElementChild;
      if (last) {
        const copy = last.cloneNode(true);
        copy.querySelectorAll("input").forEach((input) => {
          if (input.type === "checkbox") {
            input.checked = false;
            input.value = String(rows.children.length);
          } else input.value = "";
        });
        rows.appendChild(copy);
        copy.querySelector("input")?.focus();
        rows.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return;
    }
    const remove = event.target.closest(".remove-row");
    if (remove) {
      const row = remove.closest(".row, .photo-row");
      const form = row?.closest("form");
      const rows = row?.parentElement;
      if (row && rows && (rows.children.length > 1 || row.classList.contains("photo-row"))) row.remove();
      else row?.querySelectorAll("input").forEach((input) => (input.value = ""));
      form?.dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    const chip = event.target.closest("[data-add-line]");
    if (chip) {
      const area = document.getElementById(chip.dataset.addLine);
      const lines = area.value.split(/\n/).map((l) => l.trim()).filter(Boolean);
      if (!lines.includes(chip.textContent.trim())) lines.push(chip.textContent.trim());
      area.value = lines.join("\n");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  // 发布: start, then ask every second how it goes.
  const publish = document.querySelector("[data-publish]");
  if (publish) {
    const message = document.querySelector(".publish-message");
    const lines = document.querySelector(".publish-lines");
    const show = (state) => {
      message.textContent = state.message || (state.running ? "正在发布…" : "");
      lines.textContent = (state.lines || []).join("\n");
      publish.disabled = state.running;
      if (state.running) setTimeout(poll, 1000);
    };
    const poll = () => fetch("/api/publish").then((r) => r.json()).then(show);
    publish.addEventListener("click", () => {
      publish.disabled = true;
      message.textContent = "正在发布…";
      fetch("/api/publish", { method: "POST", headers: { "X-CSRF-Token": csrf } })
        .then((r) => r.json()).then(show)
        .catch(() => { message.textContent = "无法连接工作室，请确认它还在运行。"; publish.disabled = false; });
    });
    poll();
  }

  // 预览: while the preview site is being rebuilt, ask every half second, then show the new page.
  const frame = document.querySelector("[data-preview-frame]");
  if (frame) {
    const note = document.querySelector("[data-preview-status]");
    let wasBuilding = !note.hidden;
    const ask = () =>
      fetch("/api/preview").then((r) => r.json()).then((state) => {
        if (state.building) {
          note.hidden = false;
          wasBuilding = true;
          setTimeout(ask, 500);
        } else {
          note.hidden = true;
          if (wasBuilding) frame.src = frame.src;
          wasBuilding = false;
          if (state.ok === false) note.hidden = false, (note.textContent = "网站没能生成：" + state.messages.join("；"));
        }
      }).catch(() => {});
    ask();
  }

  // 复制文章: both text/html (the 公众号 editor keeps the formatting) and text/plain.
  const copy = document.querySelector("[data-copy-article]");
  if (copy) {
    const status = document.querySelector(".copy-status");
    copy.addEventListener("click", async () => {
      try {
        const html = await (await fetch(copy.dataset.copyArticle)).text();
        const text = new DOMParser().parseFromString(html, "text/html").body.innerText;
        await navigator.clipboard.write([
          new ClipboardItem({
            "text/html": new Blob([html], { type: "text/html" }),
            "text/plain": new Blob([text], { type: "text/plain" }),
          }),
        ]);
        status.textContent = "已复制，到公众号编辑器里粘贴即可。";
      } catch (error) {
        status.textContent = "浏览器不允许复制。请在预览里全选（Ctrl+A）后复制。";
      }
    });
  }
})();
