// The page of `jingwen serve`: inputs in, cleaned view and downloads out. No framework, no
// build step; everything the server sends is inserted as text, never as HTML.
//
// The user has the last word: a line of the result can be kept or removed, a rule switched off
// for one document, the cleaned text edited. These decisions (`state.adjust`, per input) go to
// the server with every clean, so the view, copy and every download reflect them.
import { STRINGS } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const SAVED = "jingwen-page";  // text, options and decisions kept in the browser across reloads
const PASTED = "text";  // the adjust key of the pasted text (uploads use their id)
const state = {
  lang: localStorage.getItem("jingwen-lang") === "en" ? "en" : "zh",
  options: null,   // /api/options
  uploads: [],     // [{id, name, size, file}] (file: the File, to upload again after a restart)
  result: null,    // {result, files}
  current: 0,      // the file shown
  focusUpload: null,  // an upload just added: its tab is selected when the result arrives
  seq: 0,          // the latest clean request (older answers are dropped)
  cleaning: false,
  exporting: false,
  mode: "both",
  adjust: {},      // input key → {keep: [line], drop: [line], off: [rule id], text: string|null}
  selected: null,  // the line whose panel is open: {key, n}
  exportStatus: null,  // {key, params}: re-rendered when the language changes
  userRules: null, // /api/rules
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

const colon = () => (state.lang === "zh" ? "：" : ": ");

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  $("lang").lang = state.lang === "zh" ? "en" : "zh-CN";
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
  if (state.exportStatus) $("progress-text").textContent = t(state.exportStatus.key, state.exportStatus.params);
  renderInputs();
  renderUserRules();
  renderResult();
}

// --- saved in the browser ----------------------------------------------------------------------

const OPTION_IDS = { convert: "value", quotes: "value", force: "checked", normalize: "checked", "keep-tail": "checked",
  style: "value", paper: "value" };

function save() {
  const options = {};
  for (const [id, prop] of Object.entries(OPTION_IDS)) options[id] = $(id)[prop];
  const data = { text: $("paste").value, options, adjust: { [PASTED]: state.adjust[PASTED] } };
  try {
    localStorage.setItem(SAVED, JSON.stringify(data));
  } catch { /* full or disabled: the page works without it */ }
}

function restore() {
  let data;
  try {
    data = JSON.parse(localStorage.getItem(SAVED) || "null");
  } catch {
    data = null;
  }
  if (!data) return false;
  for (const [id, prop] of Object.entries(OPTION_IDS)) {
    const value = data.options?.[id];
    if (value === undefined) continue;
    if (prop === "value" && ![...$(id).options].some((o) => o.value === value)) continue;
    $(id)[prop] = value;
  }
  if (data.adjust?.[PASTED]) state.adjust[PASTED] = data.adjust[PASTED];
  $("paste").value = data.text || "";
  return Boolean($("paste").value.trim());
}

// --- messages ----------------------------------------------------------------------------------

function clearMessages(box = "messages") { $(box).replaceChildren(); }

// `messages`: answers to what the user just did; `file-messages`: about the files of the result
function showMessage(kind, text, detail, box = "messages") {
  const item = el("div", { class: `msg ${kind}` }, el("span", { class: "text", text }));
  if (detail) {  // a reader's own words: kept for whoever reports a problem, folded away
    item.append(el("details", { class: "detail" }, el("summary", { text: t("technical") }),
      el("span", { lang: "en", text: detail })));
  }
  item.append(el("button", { type: "button", class: "close", "aria-label": t("closePanel"), text: "×",
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
    error.status = response.status;
    throw error;
  }
  return data;
}

// --- options -----------------------------------------------------------------------------------

function fillSelect(select, items, label, keepFirst = true) {
  const value = select.value;
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []));
  for (const item of items) {
    select.append(el("option", { value: item.id, text: label(item), disabled: item.disabled, title: item.title }));
  }
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

function fillOptions() {
  const o = state.options;
  fillSelect($("convert"), o.conversions.map((c) => ({ ...c, disabled: !c.available,
    title: `${pick(c.description)}（${c.id}）` })), (c) => `${c[state.lang]}${c.available ? "" : t("unavailable")}`);
  fillSelect($("quotes"), o.quotes, (q) => q[state.lang]);
  fillSelect($("style"), o.styles, (s) => s[state.lang], false);
  fillSelect($("paper"), o.papers, (p) => p[state.lang]);
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
  $("my-rules").hidden = !state.options.user_rules;
  if (state.options.user_rules) loadUserRules();
  if (restore()) scheduleClean(0);
}

function pageOptions() {
  return {
    convert: $("convert").value, quotes: $("quotes").value, force: $("force").checked,
    normalize: $("normalize").checked, keep_tail: $("keep-tail").checked,
  };
}

// --- the user's rule file ----------------------------------------------------------------------

async function loadUserRules() {
  try {
    state.userRules = await api("/api/rules");
  } catch (e) {
    showMessage("error", e.message);
  }
  renderUserRules();
}

function renderUserRules() {
  const rules = state.userRules;
  if (!rules) return;
  $("my-rules-hint").textContent = t("myRulesHint", { path: rules.path });
  const list = $("my-rules-list");
  if (!rules.entries.length) {
    list.replaceChildren(el("li", { class: "hint", text: t("myRulesEmpty") }));
    return;
  }
  list.replaceChildren(...rules.entries.map((entry) => {
    const kind = t(entry.kind === "remove" ? "kindRemove" : "kindKeep");
    const input = el("input", { type: "text", class: "rule-text", value: entry.text || entry.lines.join(" | "),
      title: t("ruleIdHover", { id: entry.id }), "aria-label": `${kind}${colon()}${t("ruleTextLabel")}` });
    input.addEventListener("change", () => changeUserRule(entry.id, input.value));
    return el("li", { "data-rule-id": entry.id }, el("span", { class: `kind ${entry.kind}`, text: kind }), input,
      el("button", { type: "button", class: "plain", "aria-label": `${t("deleteRule")}${colon()}${entry.text}`,
        text: t("deleteRule"), onclick: () => deleteUserRule(entry.id) }));
  }));
}

async function addUserRule(kind, text) {
  try {
    const answer = await api("/api/rules", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind, text }),
    });
    state.userRules = answer;
    $("my-rules").open = true;
    renderUserRules();
    showMessage("info", pick(answer.message));
    scheduleClean(0);
  } catch (e) {
    showMessage("error", e.message);
  }
}

async function changeUserRule(id, text) {
  try {
    state.userRules = await api(`/api/rules/${encodeURIComponent(id)}`, {
      method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }),
    });
    renderUserRules();
    scheduleClean(0);
  } catch (e) {
    showMessage("error", e.message);
  }
}

async function deleteUserRule(id) {
  try {
    state.userRules = await api(`/api/rules/${encodeURIComponent(id)}`, { method: "DELETE" });
    renderUserRules();
    scheduleClean(0);
  } catch (e) {
    showMessage("error", e.message);
  }
}

// --- inputs ------------------------------------------------------------------------------------

function renderInputs() {
  const list = $("inputs");
  list.replaceChildren(...state.uploads.map((u, i) => el("li", {},
    el("span", { class: "name", text: u.name }), el("span", { class: "size", text: humanSize(u.size) }),
    el("button", { type: "button", class: "close", title: t("remove"), "aria-label": `${t("remove")} ${u.name}`,
      text: "×", onclick: () => { state.uploads.splice(i, 1); delete state.adjust[u.id]; renderInputs(); scheduleClean(0); } }))));
}

async function upload(file) {
  return api(`/api/uploads?name=${encodeURIComponent(file.name)}`, {
    method: "POST", body: file, headers: { "content-type": "application/octet-stream" },
  });
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
  let added = null;
  for (const file of files.slice(0, room)) {
    if (file.size > limits.max_file_bytes) {
      showMessage("error", t("tooLarge", { name: file.name, size: humanSize(file.size),
        limit: humanSize(limits.max_file_bytes) }));
      continue;
    }
    setBusy(t("uploading", { name: file.name }));
    try {
      const stored = await upload(file);
      state.uploads.push({ ...stored, file });
      added = added ?? stored.id;
    } catch (e) {
      showMessage("error", e.message);
    }
  }
  setBusy(null);
  renderInputs();
  if (added) {
    state.focusUpload = added;
    scheduleClean(0);
  }
}

// uploads the server no longer has (restarted, or pushed out): sent again from the files we hold
async function uploadAgain(gone) {
  const lost = [];
  for (const u of state.uploads.filter((x) => gone.has(x.id))) {
    if (!u.file) {
      lost.push(u);
      continue;
    }
    try {
      const stored = await upload(u.file);
      if (state.adjust[u.id]) state.adjust[stored.id] = state.adjust[u.id];
      delete state.adjust[u.id];
      Object.assign(u, stored);
      showMessage("info", t("reuploaded", { name: u.name }));
    } catch {
      lost.push(u);
    }
  }
  for (const u of lost) showMessage("error", t("expired", { name: u.name }));
  state.uploads = state.uploads.filter((u) => !lost.includes(u));
  renderInputs();
}

// --- cleaning ----------------------------------------------------------------------------------

let timer = null;
function scheduleClean(delay) {
  clearTimeout(timer);
  timer = setTimeout(() => { timer = null; runClean(); }, delay);
}

function setBusy(text) {
  const run = $("run");
  run.disabled = Boolean(text);
  run.textContent = text || t("run");
  updateDownloads();
}

function keyOf(file) { return file.upload ?? PASTED; }
function adjustOf(key) {
  if (!state.adjust[key]) state.adjust[key] = { keep: [], drop: [], off: [], text: null };
  return state.adjust[key];
}

async function runClean(retried = false) {
  save();
  const text = $("paste").value;
  if (!text.trim() && !state.uploads.length) {
    state.result = null;
    renderResult();
    return false;
  }
  const seq = ++state.seq;
  state.cleaning = true;
  setBusy(t("running"));
  const keys = [...(text.trim() ? [PASTED] : []), ...state.uploads.map((u) => u.id)];
  const adjust = Object.fromEntries(keys.filter((k) => state.adjust[k]).map((k) => [k, state.adjust[k]]));
  try {
    const data = await api("/api/clean", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ text, text_name: t("pastedName"), uploads: state.uploads.map((u) => u.id),
        options: pageOptions(), adjust }),
    });
    if (seq !== state.seq) return false;
    state.result = data;
    if (state.focusUpload) {
      const added = data.files.findIndex((f) => f.upload === state.focusUpload);
      if (added >= 0) state.current = added;
      state.focusUpload = null;
    }
    state.current = Math.min(state.current, data.files.length - 1);
    if (!data.files[state.current]?.ok) state.current = Math.max(0, data.files.findIndex((f) => f.ok));
    renderResult();
    return true;
  } catch (e) {
    if (seq !== state.seq) return false;
    if (e.data?.code === "expired" && !retried) {  // uploads the server no longer has: send them again
      await uploadAgain(new Set(e.data.uploads || []));
      state.cleaning = false;
      return runClean(true);
    }
    showMessage("error", e.message);
    return false;
  } finally {
    if (seq === state.seq) {
      state.cleaning = false;
      setBusy(null);
      if (state.result) renderEditor(state.result.files[state.current]);
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
      showMessage("warn", `${file.name}${colon()}${pick(warning)}`, null, "file-messages");
    }
  }
  const tabs = $("tabs");
  tabs.hidden = result.files.length < 2;
  tabs.replaceChildren(...result.files.map((file, i) => el("button", {
    type: "button", role: "tab", class: `tab ${file.ok && !file.empty ? "ok" : "bad"}`,
    "aria-selected": String(i === state.current), tabindex: i === state.current ? "0" : "-1",
    text: `${file.ok && !file.empty ? "✓" : "✗"} ${file.name}`,
    onclick: () => { state.current = i; state.selected = null; renderResult(); },
    onkeydown: (e) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      state.current = (i + step + result.files.length) % result.files.length;
      renderResult();
      $("tabs").children[state.current]?.focus();
    },
  })));
  const file = result.files[state.current];
  renderSummary(file);
  renderOffRules(file);
  renderView(file);
  renderEditor(file);
  updateDownloads();
  if ($("preview-button").getAttribute("aria-pressed") === "true") renderPreview();
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
  const platform = p ? (p.confidence >= 0.75 ? p.name : t("platformMaybe", { name: p.name })) : t("platformUnknown");
  const items = [
    badge(t("platform"), platform, p ? "platform" : "muted"),
    badge(t("script"), pick(file.script_label), "script"),
  ];
  if (p) items[0].title = `${p.id} · ${Math.round(p.confidence * 100)}%`;
  if (file.title) items.push(badge(t("title"), file.title));
  items.push(el("span", { class: "stat removed", text: t("removedLines", { n: file.removed }) }));
  items.push(el("span", { class: "stat", text: t("editedLines", { n: file.edited }) }));
  if (file.truncated_tail) {
    const key = !file.tail_kept ? "tailCut" : file.keep_tail_option ? "tailKeptOption" : "tailKeptWhole";
    items.push(el("span", { class: "stat tail", text: t(key) }));
  }
  items.push(el("span", { class: "stat", text: t("chars", { out: file.chars_out, in: file.chars_in }) }));
  if (file.empty) items.push(el("span", { class: "stat removed", text: t("emptyResult") }));
  box.replaceChildren(...items);
}

function ruleName(file, rule) {
  const info = file.rules[rule];
  return state.lang === "zh" ? (info?.name || rule) : rule;
}

function ruleText(file, rule) { return pick(file.rules[rule]) || ""; }

function renderOffRules(file) {
  const box = $("off-rules");
  const off = file?.ok ? adjustOf(keyOf(file)).off : [];
  box.hidden = !off.length;
  if (!off.length) return box.replaceChildren();
  box.replaceChildren(el("span", { text: t("offRules") }), ...off.map((rule) => el("span", { class: "off-rule" },
    el("span", { class: "name", title: t("ruleIdHover", { id: rule }), text: ruleName(file, rule) }),
    el("button", { type: "button", class: "plain", text: t("ruleOn"),
      "aria-label": `${t("ruleOn")}${colon()}${ruleName(file, rule)}`,
      onclick: () => { const a = adjustOf(keyOf(file)); a.off = a.off.filter((r) => r !== rule); scheduleClean(0); } }))));
}

function chip(file, rule, label, why) {  // a rule's name; its id (and what a scoring rule saw) on hover
  return el("span", { class: "chip", "data-rule": rule, title: t("ruleIdHover", { id: rule }) + (why ? ` [${why}]` : ""),
    text: label ?? ruleName(file, rule) });
}

function textParts(parts, classes) {
  return parts.map(([text, cls]) => (cls ? el(classes[cls] ?? "span", { class: cls, text }) : document.createTextNode(text)));
}

// what a line of the view is: its row, its own line number, the rule that removed it
function lineFacts(file, row, line) {
  const a = adjustOf(keyOf(file));
  return {
    n: line.n, row, line, removed: line.removed, byUser: line.removed === "user.remove", kept: line.kept,
    rules: [...new Set([...line.rules, ...row.blocks.flatMap((b) => b.rules)])],
    text: line.parts.map((x) => x[0]).join(""), adjust: a,
  };
}

function act(file, facts, action) {
  const a = facts.adjust;
  const rowLines = facts.row.lines.filter((l) => !l.removed).map((l) => l.n);
  const without = (list, items) => list.filter((n) => !items.includes(n));
  if (action === "keep") { a.keep = [...new Set([...a.keep, facts.n])]; a.drop = without(a.drop, [facts.n]); }
  if (action === "undo-keep") a.keep = without(a.keep, [facts.n]);
  if (action === "drop") { a.drop = [...new Set([...a.drop, ...rowLines])]; a.keep = without(a.keep, rowLines); }
  if (action === "undo-drop") a.drop = without(a.drop, [facts.n]);
  if (action.startsWith("off:")) a.off = [...new Set([...a.off, action.slice(4)])];
  if (action === "always") return addUserRule("remove", facts.text);
  if (action === "never") return addUserRule("keep", facts.text);
  state.selected = { key: keyOf(file), n: facts.n };
  a.text = null;  // an edit of the old text no longer fits: the new result is edited afresh
  scheduleClean(0);
}

function panel(file, facts) {
  const lines = [];
  const buttons = [];
  const button = (label, action) => el("button", { type: "button", class: "act", "data-act": action, text: label,
    onclick: () => act(file, facts, action) });
  if (facts.byUser) {
    lines.push(t("removedByYou"));
    buttons.push(button(t("undoRemove"), "undo-drop"));
  } else if (facts.removed) {
    lines.push(t("removedBecause", { name: ruleName(file, facts.removed), description: ruleText(file, facts.removed) }));
    if (facts.line.why) lines.push(t("removedWhy", { why: facts.line.why }));  // what a scoring rule saw
    buttons.push(button(t("keepLine"), "keep"));
    buttons.push(button(t("ruleOff", { name: ruleName(file, facts.removed) }), `off:${facts.removed}`));
    if (state.options.user_rules) buttons.push(button(t("neverRemove"), "never"));
  } else if (facts.kept) {
    lines.push(t("keptByYou"));
    buttons.push(button(t("undoKeep"), "undo-keep"));
    buttons.push(button(t("removeLine"), "drop"));
  } else {
    lines.push(facts.rules.length ? t("editedBecause", { names: facts.rules.map((r) => ruleName(file, r)).join("、") })
      : t("keptPlain"));
    buttons.push(button(t("removeLine"), "drop"));
    for (const rule of facts.rules.filter((r) => !r.startsWith("convert."))) {
      buttons.push(button(t("ruleOff", { name: ruleName(file, rule) }), `off:${rule}`));
    }
    if (state.options.user_rules && facts.text.trim()) buttons.push(button(t("alwaysRemove"), "always"));
  }
  const box = el("div", { class: "row panel-row" });
  box.append(el("div", { class: "line-panel", role: "group", "aria-label": t("lineLabel", { n: facts.n }) },
    ...lines.map((text) => el("p", { text })), el("div", { class: "acts" }, ...buttons,
      el("button", { type: "button", class: "plain", text: t("closePanel"),
        onclick: () => { state.selected = null; renderView(file); focusLine(facts.n); } }))));
  return box;
}

function announce(text) {  // a live region: screen readers read the explanation of the line just opened
  $("announce").textContent = "";
  setTimeout(() => { $("announce").textContent = text; }, 50);
}

function renderView(file) {
  const view = $("view");
  view.className = `view ${state.mode === "edit" ? "clean" : state.mode}${$("show-edits").checked ? "" : " no-edits"}`;
  view.hidden = state.mode === "edit";
  $("legend").hidden = state.mode === "edit";
  if (!file || !file.ok) {
    view.replaceChildren();
    $("more-rows").hidden = true;
    return;
  }
  const key = keyOf(file);
  const fragment = document.createDocumentFragment();
  fragment.append(el("div", { class: "row head", "aria-hidden": "true" },
    el("div", { class: "ln", text: t("colLine") }), el("div", { class: "c-orig", text: t("colOriginal") }),
    el("div", { class: "c-clean", text: t("colCleaned") })));
  let openPanel = null;
  for (const row of file.view.rows) {
    const removedOnly = row.blocks.length === 0 && row.lines.every((l) => l.removed || l.furniture);
    const orig = el("div", { class: "c-orig" });
    for (const line of row.lines) {
      const facts = lineFacts(file, row, line);
      const selected = state.selected?.key === key && state.selected.n === line.n;
      const p = el("p", { class: `ol${line.removed ? " removed" : ""}${line.furniture ? " furniture" : ""}${line.kept ? " kept" : ""}${selected ? " open" : ""}`,
        "data-line": line.furniture ? null : line.n, tabindex: line.furniture ? null : "-1",
        role: line.furniture ? null : "button", "aria-expanded": line.furniture ? null : String(selected) });
      if (line.removed) {  // rule first, then the struck text (two lines at most until opened)
        p.append(chip(file, line.removed, undefined, line.why), " ", el("del", { class: "t", text: facts.text }));
      } else {
        for (const [text, cls] of line.parts) {
          if (cls === "tail") {
            const tailRule = row.blocks.at(-1)?.tail_rule;
            p.append(el("del", { class: "tail", text }));
            if (tailRule) p.append(" ", chip(file, tailRule));
          } else if (cls === "gone") {
            p.append(el("del", { class: "gone", text }));
          } else {
            p.append(text);
          }
        }
        for (const rule of line.rules) p.append(" ", chip(file, rule));
        if (line.kept) p.append(" ", chip(file, "user.keep"));
        if (line.furniture) p.append(" ", el("span", { class: "note", text: t("furniture") }));
      }
      if (!line.furniture) {
        p.addEventListener("click", (e) => { if (!e.target.closest("button")) select(file, facts); });
        p.facts = facts;
      }
      if (selected) openPanel = panel(file, facts);
      orig.append(p);
    }
    const clean = el("div", { class: `c-clean${removedOnly ? " gap" : ""}` });
    for (const block of row.blocks) {
      const tag = block.title ? "h3" : block.kind === "heading" ? "h4" : block.kind === "verbatim" ? "pre" : "p";
      const node = el(tag, { class: `cb ${block.kind}${block.title ? " title" : ""}${block.rules.length ? " edited" : ""}` });
      node.append(...textParts(block.parts, { ed: "mark", tail: "span" }));
      if (block.rules.length) node.title = `${t("editedBy")}\n${block.rules.map((r) => ruleName(file, r)).join("\n")}`;
      if (block.tail === "cut") node.append(" ", chip(file, block.tail_rule, t("tailCutNote")));
      if (block.tail === "kept") node.append(" ", chip(file, block.tail_rule, t("tailKeptNote")));
      const own = row.lines.find((l) => !l.removed && !l.furniture);
      if (own) {  // the cleaned block answers for its first kept line (the only one when the original is hidden)
        node.facts = lineFacts(file, row, own);
        node.dataset.line = own.n;
        node.tabIndex = -1;
        node.addEventListener("click", () => select(file, node.facts));
      }
      clean.append(node);
    }
    const firstLine = row.lines[0]?.n ?? "";
    fragment.append(el("div", { class: `row${removedOnly ? " removed" : ""}` },
      el("div", { class: "ln", text: row.lines.length > 1 ? `${firstLine}–${row.lines.at(-1).n}` : String(firstLine) }),
      orig, clean));
    if (openPanel) {
      fragment.append(openPanel);
      openPanel = null;
    }
  }
  view.replaceChildren(fragment);
  const entry = focusable()[0];  // one tab stop into the view
  if (entry) entry.tabIndex = 0;
  $("more-rows").hidden = !file.view.more_rows;
  $("more-rows").textContent = t("moreRows", { n: file.view.more_rows });
}

function select(file, facts) {
  const same = state.selected?.key === keyOf(file) && state.selected.n === facts.n;
  state.selected = same ? null : { key: keyOf(file), n: facts.n };
  renderView(file);
  const line = focusLine(facts.n);
  if (!same && line) {
    let panelBox = line.closest(".row");
    while (panelBox && !panelBox.classList.contains("panel-row")) panelBox = panelBox.nextElementSibling;
    const text = panelBox?.classList.contains("panel-row") ? panelBox.querySelector(".line-panel p")?.textContent : "";
    if (text) announce(text);  // the legend hint is a live region: screen readers read the explanation
    panelBox?.scrollIntoView?.({ block: "nearest" });
  }
}

function focusable() {  // the lines of the view one can move to: visible, with a line number
  return [...$("view").querySelectorAll("[data-line]")].filter((x) => x.offsetParent !== null);
}

function focusLine(n) {
  const line = focusable().find((x) => x.dataset.line === String(n));
  if (!line) return null;
  for (const other of $("view").querySelectorAll("[data-line][tabindex='0']")) other.tabIndex = -1;
  line.tabIndex = 0;
  line.focus({ preventScroll: false });
  return line;
}

function viewKeys(e) {  // one tab stop for the whole view; arrows move between lines, Enter opens one
  const line = e.target.closest?.("[data-line]");
  if (!line || e.target.closest("button:not([role])")) return;
  const lines = focusable();
  const i = lines.indexOf(line);
  const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
  if (step) {
    e.preventDefault();
    const next = lines[Math.max(0, Math.min(lines.length - 1, i + step))];
    if (next) focusLine(next.dataset.line);
  } else if (e.key === "Home" || e.key === "End") {
    e.preventDefault();
    focusLine((e.key === "Home" ? lines[0] : lines.at(-1)).dataset.line);
  } else if ((e.key === "Enter" || e.key === " ") && line.facts) {
    e.preventDefault();
    select(state.result.files[state.current], line.facts);
  } else if (e.key === "Escape" && state.selected) {
    state.selected = null;
    renderView(state.result.files[state.current]);
    focusLine(line.dataset.line);
  }
}

function setMode(mode) {
  state.mode = mode;
  for (const b of $("viewmode").querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
  const file = state.result?.files[state.current];
  renderView(file);
  renderEditor(file);
}

// --- the editor: the cleaned text as the user wants it -------------------------------------------

function currentText(file) {
  if (!file?.ok) return "";
  const a = state.adjust[keyOf(file)];
  return a?.text ?? file.text;
}

function renderEditor(file) {
  const box = $("edit-box");
  box.hidden = state.mode !== "edit" || !file?.ok;
  const editor = $("editor");
  if (!box.hidden && document.activeElement !== editor) editor.value = currentText(file);
  const edited = Boolean(file?.ok && (file.edited_text || state.adjust[keyOf(file)]?.text != null));
  $("edit-state").textContent = edited ? t(state.cleaning ? "editPending" : "editedNote") : "";
  $("edit-reset").hidden = !edited;
}

function editorInput() {
  const file = state.result?.files[state.current];
  if (!file?.ok) return;
  adjustOf(keyOf(file)).text = $("editor").value;
  $("edit-state").textContent = t("editPending");
  $("edit-reset").hidden = false;
  scheduleClean(800);
}

// --- copy and downloads ------------------------------------------------------------------------

async function copyText() {
  const file = state.result?.files[state.current];
  const text = currentText(file);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { class: "offscreen", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (!done) return showMessage("error", t("copyFailed"));
  }
  clearMessages();
  showMessage("info", t("copied", { n: [...text.replace(/\s/g, "")].length }));
}

function updateDownloads() {
  const ready = Boolean(state.result?.files.some((f) => f.ok && !f.empty)) && !state.cleaning && !state.exporting;
  for (const b of $("downloads").querySelectorAll("button")) b.disabled = !ready;
  const file = state.result?.files[state.current];
  $("copy").disabled = !file?.ok || file.empty || state.cleaning;
  $("preview-button").disabled = !file?.ok || file.empty;
}

function exportText(key, params = {}) {
  state.exportStatus = { key, params };
  $("progress-text").textContent = t(key, params);
}

async function startExport(format, retried = false) {
  if (!state.result) return;
  if (state.cleaning || timer) {  // an edit or a decision not yet cleaned: the download must have it
    clearTimeout(timer);
    timer = null;
    await runClean();
  }
  state.exporting = true;
  updateDownloads();
  const box = $("progress");
  const bar = $("progress-bar");
  const link = $("progress-link");
  box.hidden = false;
  link.hidden = true;
  bar.removeAttribute("value");
  exportText("exportQueued");
  try {
    const { job } = await api("/api/exports", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ result: state.result.result, format, style: $("style").value, paper: $("paper").value,
        lang: state.lang }),
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
      exportText(status.state === "queued" ? "exportQueued" : status.current ? "exporting" : "exportingPlain", progress);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const failure of status.failures) showMessage("warn", pick(failure));
    if (status.state === "error") throw new Error(pick(status.error));
    bar.max = 1;
    bar.value = 1;
    const { url, filename, size } = status.download;
    exportText("exportDone", { fmt: format.toUpperCase(), file: filename, size: humanSize(size) });
    link.href = url;
    link.download = filename;
    link.textContent = t("saveAgain");
    link.hidden = false;
    link.click();
  } catch (e) {
    box.hidden = true;
    state.exportStatus = null;
    if (e.data?.code === "result-gone" && !retried) {  // restarted or pushed out: clean again, then export
      showMessage("info", pick(e.data));
      state.exporting = false;
      if (await runClean()) return startExport(format, true);
      return;
    }
    showMessage("error", t("failed", { reason: e.message }));
  } finally {
    state.exporting = false;
    updateDownloads();
  }
}

// --- layout preview: the first pages as the PDF download lays them out -------------------------

let previewSeq = 0;
async function renderPreview() {
  const box = $("preview");
  const on = $("preview-button").getAttribute("aria-pressed") === "true";
  const file = state.result?.files[state.current];
  box.hidden = !on || !file?.ok || file.empty;
  if (box.hidden) return;
  const seq = ++previewSeq;
  $("preview-note").textContent = t("previewLoading");
  try {
    const { pages } = await api("/api/previews", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ result: state.result.result, file: state.current, style: $("style").value,
        paper: $("paper").value }),
    });
    if (seq !== previewSeq) return;
    const style = $("style").selectedOptions[0]?.textContent ?? "";
    const paper = $("paper").value ? t("previewPaper", { paper: $("paper").selectedOptions[0].textContent })
      : t("previewPaperOwn");
    $("preview-note").textContent = t("previewNote", { style, paper, n: pages.length });
    $("preview-pages").replaceChildren(...pages.map((src, i) => el("img", { src, alt: t("previewPage", { n: i + 1 }) })));
  } catch (e) {
    if (seq !== previewSeq) return;
    $("preview-note").textContent = e.message;
  }
}

// a server that restarted has none of this page's results: say so and clean again
async function checkServer() {
  if (!state.options || !state.result) return;
  try {
    const options = await api("/api/options");
    if (options.instance !== state.options.instance) {
      state.options = { ...state.options, instance: options.instance };
      clearMessages();
      showMessage("info", t("restarted"));
      await runClean();
    }
  } catch { /* the server is down: the next action says so */ }
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
  $("paste").addEventListener("input", () => { delete state.adjust[PASTED]; scheduleClean(700); });
  $("paste").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) scheduleClean(0);
  });
  for (const id of ["convert", "quotes", "force", "normalize", "keep-tail"]) {
    $(id).addEventListener("change", () => scheduleClean(0));
  }
  for (const id of ["style", "paper"]) $(id).addEventListener("change", () => { save(); renderPreview(); });
  $("preview-button").addEventListener("click", () => {
    const on = $("preview-button").getAttribute("aria-pressed") !== "true";
    $("preview-button").setAttribute("aria-pressed", String(on));
    renderPreview();
  });
  $("show-edits").addEventListener("change", () => $("view").classList.toggle("no-edits", !$("show-edits").checked));
  for (const b of $("viewmode").querySelectorAll("button")) b.addEventListener("click", () => setMode(b.dataset.mode));
  for (const b of $("downloads").querySelectorAll("button")) b.addEventListener("click", () => startExport(b.dataset.format));
  $("copy").addEventListener("click", copyText);
  $("editor").addEventListener("input", editorInput);
  $("edit-reset").addEventListener("click", () => {
    const file = state.result?.files[state.current];
    if (file?.ok) adjustOf(keyOf(file)).text = null;
    $("editor").value = file?.text ?? "";
    scheduleClean(0);
  });
  $("view").addEventListener("keydown", viewKeys);
  window.addEventListener("focus", checkServer);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) checkServer(); });

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
