// The record form: what is typed survives a reload until it is saved; photos upload as they are
// chosen; problems are checked while typing; the body gets a Markdown editor.
"use strict";
(function () {
  const form = document.getElementById("record-form");
  if (!form) return;
  const csrf = window.branchpressStudio.csrf;
  const key = "branchpress-studio:" + form.dataset.draftKey;
  const saved = document.querySelector("[data-saved]");
  const kept = new Set(["csrf"]);
  let editor = null;

  // The body editor: EasyMDE (CodeMirror, plain text: what is not edited stays as it was).
  const body = document.getElementById("f-body");
  if (body && window.EasyMDE) {
    editor = new window.EasyMDE({
      element: body,
      forceSync: true,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: false,
      status: false,
      autosave: { enabled: false },
      uploadImage: false,
      // Off: marked's live preview and inline images would load any picture URL typed in the
      // body from its host; the preview is the site's own page instead.
      previewImagesInEditor: false,
      promptURLs: false,
      renderingConfig: { codeSyntaxHighlighting: false },
      toolbar: [
        { name: "bold", action: window.EasyMDE.toggleBold, className: "fa fa-bold", title: "加粗" },
        { name: "heading-2", action: window.EasyMDE.toggleHeading2, className: "fa fa-header", title: "小标题" },
        { name: "quote", action: window.EasyMDE.toggleBlockquote, className: "fa fa-quote-left", title: "引用" },
        { name: "unordered-list", action: window.EasyMDE.toggleUnorderedList, className: "fa fa-list-ul", title: "列表" },
        { name: "ordered-list", action: window.EasyMDE.toggleOrderedList, className: "fa fa-list-ol", title: "编号列表" },
        "|",
        { name: "guide", action: () => window.open("/static/markdown-guide.html", "_blank"), className: "fa fa-question-circle", title: "写法说明" },
      ],
    });
    const input = editor.codemirror.getInputField();
    input.setAttribute("aria-label", "正文");
    input.setAttribute("aria-describedby", body.getAttribute("aria-describedby") || "");
    editor.codemirror.on("change", () => form.dispatchEvent(new Event("input", { bubbles: true })));
  }

  // Drafts in this browser -------------------------------------------------------------------
  const entries = () => {
    const data = [];
    for (const element of form.elements) {
      if (!element.name || kept.has(element.name) || element.type === "file") continue;
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
      data.push([element.name, element.value]);
    }
    return data;
  };
  const photoTemplate = document.getElementById("photo-row");
  const addPhotoRow = (src, thumb, name) => {
    const row = photoTemplate.content.firstElementChild.cloneNode(true);
    row.querySelector('input[name="photos-src"]').value = src;
    row.querySelector('input[name="cover"]').value = src;
    const img = row.querySelector("img");
    img.src = thumb;
    img.alt = name;
    row.querySelector(".photo-name").textContent = name;
    document.querySelector("[data-photo-rows]").appendChild(row);
    return row;
  };
  const restore = (data) => {
    const count = (name) => data.filter(([n]) => n === name).length;
    // Enough rows for every repeated control, then the values in document order.
    document.querySelectorAll("[data-rows]").forEach((rows) => {
      const first = rows.querySelector("input[name]");
      if (!first) return;
      while (rows.children.length < count(first.name)) rows.appendChild(rows.lastElementChild.cloneNode(true));
    });
    const photos = document.querySelector("[data-photo-rows]");
    if (photos) {
      photos.innerHTML = "";
      const formId = (data.find(([n]) => n === "form_id") || [])[1];
      data.filter(([n]) => n === "photos-src").forEach(([, src]) => {
        const staged = src.startsWith("staged:");
        const folder = form.dataset.source.split("/").slice(0, -1).join("/");
        addPhotoRow(src, staged ? `/staged/${formId}/${src.slice(7)}` : `/thumb/${folder}/${src}`, src.replace("staged:", ""));
      });
    }
    const seen = {};
    for (const element of form.elements) {
      if (!element.name || kept.has(element.name) || element.type === "file") continue;
      const values = data.filter(([n]) => n === element.name).map(([, v]) => v);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else {
        const index = (seen[element.name] = (seen[element.name] ?? -1) + 1);
        element.value = values[index] ?? "";
      }
    }
    if (editor) editor.value(body.value);
  };
  const store = () => {
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: entries() }));
    } catch (error) { /* private mode or full: typing still works, only the safety net is gone */ }
  };
  const discard = () => localStorage.removeItem(key);

  if (saved) {
    discard();
    if (new URL(location.href).searchParams.get("created")) localStorage.removeItem("branchpress-studio:new");
  }
  else {
    const stored = localStorage.getItem(key);
    if (stored) {
      try {
        const draft = JSON.parse(stored);
        const differs = JSON.stringify(draft.data) !== JSON.stringify(entries());
        if (differs) {
          restore(draft.data);
          document.querySelector("[data-restored]").hidden = false;
        }
      } catch (error) { discard(); }
    }
  }
  document.querySelectorAll("[data-discard-draft]").forEach((button) =>
    button.addEventListener("click", (event) => {
      discard();
      if (button.tagName === "BUTTON") { event.preventDefault(); location.reload(); }
    })
  );

  // Live checks: the same problems 保存 would show, a moment after typing stops ---------------
  let timer = null;
  let asked = 0;
  const showProblems = (problems) => {
    document.querySelectorAll(".slot").forEach((slot) => (slot.innerHTML = ""));
    form.querySelectorAll('[aria-invalid="true"]').forEach((element) => element.removeAttribute("aria-invalid"));
    for (const problem of problems) {
      const slot = document.getElementById("problems-" + (problem.field || "top")) || document.getElementById("problems-top");
      const p = document.createElement("p");
      p.className = "problem " + problem.severity;
      p.textContent = problem.text;
      const fix = document.createElement("span");
      fix.className = "fix";
      fix.textContent = "修改方法：" + problem.fix;
      p.appendChild(fix);
      slot.appendChild(p);
      if (problem.severity === "error" && problem.field) {
        const control = form.querySelector(`[name="${problem.field}"]`);
        control?.setAttribute("aria-invalid", "true");
      }
    }
  };
  const check = () => {
    const number = ++asked;
    fetch("/api/check", { method: "POST", body: new FormData(form), headers: { "X-CSRF-Token": csrf } })
      .then((r) => r.json())
      .then((answer) => { if (number === asked && answer.problems) showProblems(answer.problems); })
      .catch(() => {});
  };
  form.addEventListener("input", () => {
    store();
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
  form.addEventListener("change", store);

  // Another type shows other fields: keep what was typed, then open the form for that type.
  const type = document.getElementById("f-type");
  type?.addEventListener("change", () => {
    store();
    const url = new URL(location.href);
    url.searchParams.set("type", type.value);
    url.searchParams.delete("saved");
    location.href = url.toString();
  });

  // Photos: each file is sent as it is (HEIC too) and shown once the studio decoded it --------
  const input = document.querySelector("[data-upload]");
  const status = document.querySelector(".upload-status");
  const formId = () => form.elements.form_id.value;
  const upload = async (files) => {
    for (const file of files) {
      status.textContent = `正在上传 ${file.name}…`;
      try {
        const response = await fetch(`/api/uploads/${formId()}?name=${encodeURIComponent(file.name)}`, {
          method: "PUT", body: file, headers: { "X-CSRF-Token": csrf, "Content-Type": "application/octet-stream" },
        });
        const answer = await response.json();
        if (!response.ok) { status.textContent = answer.error || `${file.name} 没有上传成功。`; continue; }
        const row = addPhotoRow(answer.src, answer.thumb, answer.name);
        const cover = form.querySelector('input[name="cover"]:checked');
        if (!cover) row.querySelector('input[name="cover"]').checked = true;
        status.textContent = `已添加 ${answer.name}。`;
        form.dispatchEvent(new Event("input", { bubbles: true }));
      } catch (error) {
        status.textContent = `${file.name} 没有上传成功：无法连接工作室。`;
      }
    }
    if (input) input.value = "";
  };
  input?.addEventListener("change", () => upload([...input.files]));
  const zone = document.querySelector("[data-dropzone]");
  zone?.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone?.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone?.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    upload([...event.dataTransfer.files]);
  });
})();
