// The page of `jingwen serve`: inputs in, cleaned view and downloads out. No framework, no
// build step; everything the server sends is inserted as text, never as HTML.
import { STRINGS } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem("jingwen-lang") === "en" ? "en" : "zh",
  options: null,   // /api/options
  uploads: [],     // [{id, name, size}]
  result: null,    // {result, files}
  current: 0,      // the file shown
  seq: 0,          // the latest clean request (older answers are dropped)
  cleaning: false,
  exporting: false,
  mode: "both",
};

// --- text --------------------------------------------------------------------------------------

function t(key, params = {}) {
  const text = STRINGS[state.lang][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

function pick(message) {  // a bilingual message from the server: {zh, en}
  if (message == null) return "";
  return typeof message === "string" ? message : (message[state.lang] ?? message.zh ?? "");
}

function humanSize(n) {
  for (const [unit, size] of [["GB", 2 ** 30], ["MB", 2 ** 20], ["KB", 2 ** 10]]) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 10 || v === Math.trunc(v) ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
    }
  }
  return `${n} B`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = t("pageTitle");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  if (state.options) {
    fillOptions();
    const limits = state.options.limits;
    $("drop-hint").textContent = t("dropHint", { size: humanSize(limits.max_file_bytes), count: limits.max_files });
  }
  renderInputs();
  renderResult();
}

// --- messages ----------------------------------------------------------------------------------

function clearMessages(box = "messages") { $(box).replaceChildren(); }

// `messages`: answers to what the user just did; `file-messages`: about the files of the result
function showMessage(kind, text, detail, box = "messages") {
  const item = el("div", { class: `msg ${kind}` }, el("span", { class: "text", text }));
  if (detail) item.append(el("small", { class: "detail", text: detail }));
  item.append(el("button", { type: "button", class: "close", "aria-label": "×", text: "×",
    onclick: () => item.remove() }));
  $(box).append(item);
}

async function api(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch {
    throw new Error(t("networkError"));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(pick(data.error) || `${response.status} ${response.statusText}`);
    error.data = data.error;
    throw error;
  }
  return data;
}

// --- options -----------------------------------------------------------------------------------

function fillSelect(select, items, label, keepFirst = true) {
  const value = select.value;
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []));
  for (const item of items) select.append(el("option", { value: item.id, text: label(item), disabled: item.disabled }));
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

function fillOptions() {
  const o = state.options;
  fillSelect($("convert"), o.conversions.map((c) => ({ ...c, disabled: !c.available })),
    (c) => `${c[state.lang]}${c.available ? "" : t("unavailable")} · ${c.id}`);
  for (const option of $("convert").options) {
    const c = o.conversions.find((x) => x.id === option.value);
    if (c) option.title = c.description;
  }
  fillSelect($("quotes"), o.quotes, (q) => q[state.lang]);
  fillSelect($("style"), o.styles, (s) => s[state.lang], false);
  fillSelect($("paper"), o.papers.map((p) => ({ id: p })), (p) => p.id);
}

async function loadOptions() {
  state.options = await api("/api/options");
  const d = state.options.defaults;
  applyLanguage();
  $("style").value = "default";
  $("convert").value = d.convert;
  $("quotes").value = d.quotes;
  $("normalize").checked = d.normalize;
  $("keep-tail").checked = d.keep_tail;
  $("version").textContent = `· jingwen ${state.options.version}`;
}

function pageOptions() {
  return {
    convert: $("convert").value, quotes: $("quotes").value, force: $("force").checked,
    normalize: $("normalize").checked, keep_tail: $("keep-tail").checked,
  };
}

// --- inputs ------------------------------------------------------------------------------------

function renderInputs() {
  const list = $("inputs");
  list.replaceChildren(...state.uploads.map((u, i) => el("li", {},
    el("span", { class: "name", text: u.name }), el("span", { class: "size", text: humanSize(u.size) }),
    el("button", { type: "button", class: "close", title: t("remove"), "aria-label": `${t("remove")} ${u.name}`,
      text: "×", onclick: () => { state.uploads.splice(i, 1); renderInputs(); scheduleClean(0); } }))));
}

async function addFiles(fileList) {
  clearMessages();
  const limits = state.options.limits;
  const files = [...fileList];
  const pasted = $("paste").value.trim() ? 1 : 0;
  const room = Math.max(0, limits.max_files - state.uploads.length - pasted);
  if (files.length > room) {
    showMessage("error", t("tooMany", { limit: limits.max_files, names: files.slice(room).map((f) => f.name).join("、") }));
  }
  let added = 0;
  for (const file of files.slice(0, room)) {
    if (file.size > limits.max_file_bytes) {
      showMessage("error", t("tooLarge", { name: file.name, size: humanSize(file.size),
        limit: humanSize(limits.max_file_bytes) }));
      continue;
    }
    setBusy(t("uploading", { name: file.name }));
    try {
      const stored = await api(`/api/uploads?name=${encodeURIComponent(file.name)}`, {
        method: "POST", body: file, headers: { "content-type": "application/octet-stream" },
      });
      state.uploads.push(stored);
      added += 1;
    } catch (e) {
      showMessage("error", e.message);
    }
  }
  setBusy(null);
  renderInputs();
  if (added) scheduleClean(0);
}

// --- cleaning ----------------------------------------------------------------------------------

let timer = null;
function scheduleClean(delay) {
  clearTimeout(timer);
  timer = setTimeout(runClean, delay);
}

function setBusy(text) {
  const run = $("run");
  run.disabled = Boolean(text);
  run.textContent = text || t("run");
  updateDownloads();
}

async function runClean() {
  const text = $("paste").value;
  if (!text.trim() && !state.uploads.length) {
    state.result = null;
    renderResult();
    return;
  }
  const seq = ++state.seq;
  state.cleaning = true;
  setBusy(t("running"));
  try {
    const data = await api("/api/clean", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ text, text_name: t("pastedName"), uploads: state.uploads.map((u) => u.id),
        options: pageOptions() }),
    });
    if (seq !== state.seq) return;
    state.result = data;
    state.current = Math.min(state.current, data.files.length - 1);
    if (!data.files[state.current]?.ok) state.current = Math.max(0, data.files.findIndex((f) => f.ok));
    renderResult();
  } catch (e) {
    if (seq !== state.seq) return;
    if (e.data?.code === "expired") {  // uploads the server no longer has: drop them from the list
      const gone = new Set(e.data.uploads || []);
      for (const u of state.uploads.filter((x) => gone.has(x.id))) showMessage("error", t("expired", { name: u.name }));
      state.uploads = state.uploads.filter((x) => !gone.has(x.id));
      renderInputs();
    } else {
      showMessage("error", e.message);
    }
  } finally {
    if (seq === state.seq) {
      state.cleaning = false;
      setBusy(null);
    }
  }
}

// --- the result --------------------------------------------------------------------------------

function renderResult() {
  const result = state.result;
  $("result").hidden = !result;
  $("empty").hidden = Boolean(result);
  clearMessages("file-messages");
  if (!result) return;
  for (const file of result.files) {
    if (!file.ok) showMessage("error", pick(file.error), file.detail, "file-messages");
    for (const warning of file.warnings || []) {
      showMessage("warn", `${file.name}${state.lang === "zh" ? "：" : ": "}${pick(warning)}`, null, "file-messages");
    }
  }
  const tabs = $("tabs");
  tabs.hidden = result.files.length < 2;
  tabs.replaceChildren(...result.files.map((file, i) => el("button", {
    type: "button", role: "tab", class: `tab ${file.ok ? "ok" : "bad"}`, "aria-selected": String(i === state.current),
    text: `${file.ok ? "✓" : "✗"} ${file.name}`, onclick: () => { state.current = i; renderResult(); },
  })));
  const file = result.files[state.current];
  renderSummary(file);
  renderView(file);
  updateDownloads();
}

function paren(text, ...notes) {  // 原创力文档（book118，100%） / Source (book118, 100%)
  return state.lang === "zh" ? `${text}（${notes.join("，")}）` : `${text} (${notes.join(", ")})`;
}

function badge(label, value, cls = "") {
  return el("span", { class: `badge ${cls}` }, el("span", { class: "k", text: label }), el("span", { class: "v", text: value }));
}

function renderSummary(file) {
  const box = $("summary");
  if (!file || !file.ok) {
    box.replaceChildren(file ? el("p", { class: "bad", text: pick(file.error) }) : "");
    return;
  }
  const p = file.platform;
  const platform = p ? paren(p.name, p.id, t("confidence", { p: Math.round(p.confidence * 100) }))
    : t("platformUnknown");
  const items = [
    badge(t("platform"), platform, p ? "platform" : "muted"),
    badge(t("script"), paren(pick(file.script_label), file.script), "script"),
  ];
  if (file.title) items.push(badge(t("title"), file.title));
  items.push(el("span", { class: "stat removed", text: t("removedLines", { n: file.removed }) }));
  items.push(el("span", { class: "stat", text: t("editedLines", { n: file.edited }) }));
  if (file.truncated_tail) items.push(el("span", { class: "stat tail", text: t(file.tail_kept ? "tailKept" : "tailCut") }));
  items.push(el("span", { class: "stat", text: t("chars", { out: file.chars_out, in: file.chars_in }) }));
  box.replaceChildren(...items);
}

function ruleChip(rule, file, label, why) {
  // why: the cues a scoring rule saw on this line (generic.score), or the pages a template line is on
  const description = file.rules[rule] || "";
  const explained = why ? `${description} [${why}]` : description;
  return el("button", {
    type: "button", class: "chip", "data-rule": rule, title: explained, text: label ?? rule,
    onclick: () => { $("rule-info").textContent = `${rule}${state.lang === "zh" ? "：" : ": "}${explained}`; },
  });
}

function textParts(parts, classes) {
  return parts.map(([text, cls]) => (cls ? el(classes[cls] ?? "span", { class: cls, text }) : document.createTextNode(text)));
}

function renderView(file) {
  const view = $("view");
  view.className = `view ${state.mode}${$("show-edits").checked ? "" : " no-edits"}`;
  if (!file || !file.ok) {
    view.replaceChildren();
    $("more-rows").hidden = true;
    return;
  }
  const fragment = document.createDocumentFragment();
  fragment.append(el("div", { class: "row head" },
    el("div", { class: "ln", text: t("colLine") }), el("div", { class: "c-orig", text: t("colOriginal") }),
    el("div", { class: "c-clean", text: t("colCleaned") })));
  for (const row of file.view.rows) {
    const removedOnly = row.blocks.length === 0 && row.lines.every((l) => l.removed || l.furniture);
    const orig = el("div", { class: "c-orig" });
    for (const line of row.lines) {
      const p = el("p", { class: `ol${line.removed ? " removed" : ""}${line.furniture ? " furniture" : ""}`,
        "data-line": line.n });
      if (line.removed) {  // rule first, then the struck text (two lines at most until clicked)
        const text = el("del", { class: "t", text: line.parts.map((x) => x[0]).join("") });
        p.append(ruleChip(line.removed, file, undefined, line.why), " ", text);
        text.addEventListener("click", () => p.classList.toggle("open"));
      } else {
        for (const [text, cls] of line.parts) {
          if (cls === "tail") {
            const tailRule = row.blocks.at(-1)?.tail_rule;
            p.append(el("del", { class: "tail", text }));
            if (tailRule) p.append(" ", ruleChip(tailRule, file));
          } else if (cls === "gone") {
            p.append(el("del", { class: "gone", text }));
          } else {
            p.append(text);
          }
        }
        for (const rule of line.rules) p.append(" ", ruleChip(rule, file));
        if (line.furniture) p.append(" ", el("span", { class: "note", text: t("furniture") }));
      }
      orig.append(p);
    }
    const clean = el("div", { class: `c-clean${removedOnly ? " gap" : ""}` });
    for (const block of row.blocks) {
      const tag = block.title ? "h3" : block.kind === "heading" ? "h4" : block.kind === "verbatim" ? "pre" : "p";
      const node = el(tag, { class: `cb ${block.kind}${block.title ? " title" : ""}${block.rules.length ? " edited" : ""}` });
      node.append(...textParts(block.parts, { ed: "mark", tail: "span" }));
      if (block.rules.length) {
        node.title = `${t("editedBy")}\n${block.rules.map((r) => `${r} — ${file.rules[r] || ""}`).join("\n")}`;
      }
      if (block.tail === "cut") node.append(" ", ruleChip(block.tail_rule, file, t("tailCutNote")));
      if (block.tail === "kept") node.append(" ", ruleChip(block.tail_rule, file, t("tailKeptNote")));
      clean.append(node);
    }
    const first = row.lines[0]?.n ?? "";
    fragment.append(el("div", { class: `row${removedOnly ? " removed" : ""}` },
      el("div", { class: "ln", text: row.lines.length > 1 ? `${first}–${row.lines.at(-1).n}` : String(first) }),
      orig, clean));
  }
  view.replaceChildren(fragment);
  $("more-rows").hidden = !file.view.more_rows;
  $("more-rows").textContent = t("moreRows", { n: file.view.more_rows });
}

function setMode(mode) {
  state.mode = mode;
  for (const b of $("viewmode").querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
  const view = $("view");
  view.classList.remove("both", "orig", "clean");
  view.classList.add(mode);
}

// --- downloads ---------------------------------------------------------------------------------

function updateDownloads() {
  const ready = Boolean(state.result?.files.some((f) => f.ok)) && !state.cleaning && !state.exporting;
  for (const b of $("downloads").querySelectorAll("button")) b.disabled = !ready;
}

async function startExport(format) {
  if (!state.result) return;
  state.exporting = true;
  updateDownloads();
  const box = $("progress");
  const bar = $("progress-bar");
  const text = $("progress-text");
  const link = $("progress-link");
  box.hidden = false;
  link.hidden = true;
  bar.removeAttribute("value");
  text.textContent = t("exportQueued");
  try {
    const { job } = await api("/api/exports", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ result: state.result.result, format, style: $("style").value, paper: $("paper").value }),
    });
    let status;
    for (;;) {
      status = await api(`/api/jobs/${job}`);
      if (status.total > 1) {  // documents done of all; within one document there is no finer measure
        bar.max = status.total;
        bar.value = status.done;
      }
      if (status.state === "done" || status.state === "error") break;
      const progress = { fmt: format.toUpperCase(), n: Math.min(status.done + 1, status.total), total: status.total,
        name: status.current, secs: Math.round(status.elapsed) };
      text.textContent = status.state === "queued" ? t("exportQueued")
        : t(status.current ? "exporting" : "exportingPlain", progress);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const failure of status.failures) showMessage("warn", pick(failure));
    if (status.state === "error") throw new Error(pick(status.error));
    bar.max = 1;
    bar.value = 1;
    const { url, filename, size } = status.download;
    text.textContent = t("exportDone", { fmt: format.toUpperCase(), file: filename, size: humanSize(size) });
    link.href = url;
    link.download = filename;
    link.textContent = t("saveAgain");
    link.hidden = false;
    link.click();
  } catch (e) {
    box.hidden = true;
    showMessage("error", t("failed", { reason: e.message }));
  } finally {
    state.exporting = false;
    updateDownloads();
  }
}

// --- wiring ------------------------------------------------------------------------------------

function wire() {
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    localStorage.setItem("jingwen-lang", state.lang);
    applyLanguage();
  });
  $("run").addEventListener("click", async () => {
    clearMessages();
    if (!$("paste").value.trim() && !state.uploads.length) showMessage("warn", t("nothing"));
    clearTimeout(timer);
    await runClean();
    if (state.result && window.matchMedia("(max-width: 1000px)").matches) $("result").scrollIntoView({ behavior: "smooth" });
  });
  $("paste").addEventListener("input", () => scheduleClean(700));
  $("paste").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) scheduleClean(0);
  });
  for (const id of ["convert", "quotes", "force", "normalize", "keep-tail"]) {
    $(id).addEventListener("change", () => scheduleClean(0));
  }
  $("show-edits").addEventListener("change", () => $("view").classList.toggle("no-edits", !$("show-edits").checked));
  for (const b of $("viewmode").querySelectorAll("button")) b.addEventListener("click", () => setMode(b.dataset.mode));
  for (const b of $("downloads").querySelectorAll("button")) b.addEventListener("click", () => startExport(b.dataset.format));

  const input = $("file-input");
  $("choose").addEventListener("click", (e) => { e.stopPropagation(); input.click(); });
  input.addEventListener("change", async () => { await addFiles(input.files); input.value = ""; });
  const drop = $("drop");
  drop.addEventListener("click", () => input.click());
  // files dropped anywhere on the page are added (never opened by the browser in place of the page)
  document.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer?.files?.length) addFiles(e.dataTransfer.files);
  });
}

wire();
if (window.matchMedia("(max-width: 640px)").matches) $("options-box").open = false;  // phones: the text first
applyLanguage();
loadOptions().catch((e) => showMessage("error", e.message));
