// Clearway audit page: plain JavaScript, no build step, no third-party code.
// Every piece of decision data reaches the page through textContent, never as markup,
// and the server's content security policy allows only this script.
"use strict";

const N_ = (english) => english;  // marks a text for translation where it is shown through t()

const OUTCOMES = ["cleared", "needs_review", "red_flag"];
const OUTCOME_LABEL = { cleared: N_("cleared"), needs_review: N_("needs review"), red_flag: N_("red flag") };
const MAX_ROWS = 1000;
const state = {
  filter: "",           // query string of the current filter (without "after")
  startSeq: null,       // "from now": only decisions after this sequence number
  lastSeq: 0,           // newest decision the list has seen
  nextBefore: null,     // for "older decisions"
  stream: null,         // AbortController of the live stream
  streamOpen: false,
  statsTimer: null,
};

// ---------- small DOM helpers ----------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const $ = (sel) => document.querySelector(sel);
const svgEl = (tag, attrs) => {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
};
const pill = (outcome) => el("span", { class: `pill outcome-${outcome}`, dataset: { outcome } }, label(OUTCOME_LABEL, outcome));
const decisionHash = (item) => `#/decision/${encodeURIComponent(item.decision_id)}@${item.seq}`;
const fmtTime = (iso) => (iso ? iso.replace("T", " ").replace(/(\.\d+)?(\+00:00|Z)$/, "") : "");

// ---------- German and English ----------
// English is written in this file and in index.html; /i18n/<language>.json holds the
// translations (services/auditweb/locale/*.po). A recorded reason comes with its sentence in
// the other languages beside it, where its rule's translation says what was recorded
// (services/common/i18n.py); otherwise it is shown as recorded.
const I18N = { language: "en", texts: {} };
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => (Object.hasOwn(values, key) ? String(values[key]) : `<${key}?>`));
const t = (english, values) => {
  const text = Object.hasOwn(I18N.texts, english) ? I18N.texts[english] : english;
  return values ? fill(text, values) : text;
};
const label = (labels, key) => (Object.hasOwn(labels, key) ? t(labels[key]) : key);
const translated = (reason) => (reason.translations || {})[I18N.language];
const reasonText = (reason) => translated(reason) || reason.message;
const shownLanguage = (reason) => (translated(reason) ? I18N.language : "en");
const ATTRIBUTES = ["placeholder", "title", "aria-label"];
function translateDocument(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    if (node.parentElement.closest("[translate=no], script, style")) continue;
    const key = node.textContent.trim().replace(/\s+/g, " ");
    if (!Object.hasOwn(I18N.texts, key)) continue;
    const [, lead, , tail] = node.textContent.match(/^(\s*)([\s\S]*?)(\s*)$/);
    node.textContent = lead + I18N.texts[key] + tail;
  }
  for (const element of root.querySelectorAll("*")) {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value && Object.hasOwn(I18N.texts, value)) element.setAttribute(name, I18N.texts[value]);
    }
  }
}
function chosenLanguage(user) {
  const wanted = (user && user.language) || localStorage.getItem("clearway-language") || navigator.language || "en";
  return wanted.slice(0, 2).toLowerCase() === "de" ? "de" : "en";
}
async function loadLanguage() {
  const user = await getJSON("/api/me").catch(() => null);
  const language = chosenLanguage(user);
  $("#language").value = language;
  if (language === "en") return;
  const response = await fetch(`/i18n/${language}.json`);
  if (!response.ok) return;  // English, rather than half a translation
  Object.assign(I18N, await response.json(), { language });
  document.documentElement.lang = language;
  document.title = t(document.title);
  translateDocument(document.body);
}
$("#language").addEventListener("change", async (event) => {
  const language = event.target.value;
  localStorage.setItem("clearway-language", language);
  if (me.preferences) await put("/api/me/preferences", { language }).catch(() => null);
  location.reload();
});

// ---------- API with optional credentials ----------
function authHeaders() {
  const auth = sessionStorage.getItem("clearway-auth");
  return Object.assign({ "X-Clearway-Page": "1" }, auth ? { Authorization: auth } : {});
}
class Unauthorized extends Error {
  constructor(schemes) { super("unauthorized"); this.schemes = schemes; }
}
async function api(path, options = {}) {
  const response = await fetch(path, Object.assign({ headers: authHeaders() }, options));
  if (response.status === 401) {
    const body = await response.json().catch(() => ({}));
    throw new Unauthorized(body.schemes || ["basic"]);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || `HTTP ${response.status}`);
  }
  return response;
}
const getJSON = async (path) => (await api(path)).json();

function showSignIn(schemes) {
  if (!schemes.length) { $("#oidc-login").hidden = false; return; }  // the organisation's sign-in
  $("#signin").hidden = false;
  for (const label of document.querySelectorAll("#signin-form label[data-scheme]")) {
    label.hidden = !schemes.includes(label.dataset.scheme);
  }
}
$("#signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const token = form.token.value.trim();
  if (token) sessionStorage.setItem("clearway-auth", `Bearer ${token}`);
  else sessionStorage.setItem("clearway-auth", "Basic " + btoa(unescape(encodeURIComponent(`${form.username.value}:${form.password.value}`))));
  $("#signin").hidden = true;
  reload();
});

// ---------- filters ----------
function readFilter() {
  const form = $("#filters");
  const params = new URLSearchParams();
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const all = (name) => form.querySelectorAll(`input[name="${name}"]`).length;
  const outcomes = checked("outcome");
  const services = checked("service");
  if (outcomes.length < all("outcome")) params.set("outcome", outcomes.join(",") || "none");
  if (services.length < all("service")) params.set("service", services.join(",") || "none");
  if (form.q.value.trim()) params.set("q", form.q.value.trim());
  if (form.since.value) params.set("since", form.since.value);
  if (form.until.value) params.set("until", form.until.value);
  return params;
}
function query(extra) {
  const params = new URLSearchParams(state.filter);
  if (state.startSeq !== null) params.set("after", state.startSeq);
  for (const [k, v] of Object.entries(extra || {})) if (v !== null && v !== undefined) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ---------- the list ----------
function rowOf(item, fresh) {
  const reasons = item.reasons.length
    ? el("ul", { class: "reasons" }, item.reasons.map((r) => el("li", {}, el("span", { class: "code" }, r.code), " ", reasonText(r))))
    : el("span", { class: "muted" }, t("no findings"));
  const trigger = item.trigger ? el("span", { class: "muted" }, ` (${label(TRIGGER_LABEL, item.trigger)})`) : null;
  return el("tr", {
    class: `outcome-${item.outcome}${fresh ? " new" : ""}`,
    dataset: { outcome: item.outcome, decisionId: item.decision_id, seq: item.seq, service: item.service, subject: item.subject_id },
    onclick: () => { location.hash = decisionHash(item); },
  },
    el("td", {}, fmtTime(item.recorded_at)),
    el("td", {}, pill(item.outcome)),
    el("td", {}, item.service),
    el("td", {}, el("a", { href: `#/subject/${encodeURIComponent(item.subject_id)}`, onclick: (e) => e.stopPropagation() }, item.subject_id), trigger, integrityMark(item)),
    el("td", {}, reasons),
  );
}
const TRIGGER_LABEL = { lists_changed: N_("lists changed"), versions_changed: N_("rules or data changed"), calendar: N_("calendar: its date came") };
const INTEGRITY_LABEL = { verified: N_("signature verified"), not_checked: N_("signature not checked"), unsigned: N_("UNSIGNED"), unknown_key: N_("UNKNOWN KEY"), bad_signature: N_("BAD SIGNATURE"), broken: N_("CHAIN BROKEN"), replayed: N_("REPLAYED"), misplaced: N_("ON ANOTHER PARTITION THAN SIGNED FOR"), unanchored: N_("signature verified, chain start not read"), unreadable: N_("UNREADABLE") };
function integrityMark(item) {
  if (!item.integrity || item.integrity === "verified" || item.integrity === "not_checked") return null;
  return el("span", { class: "integrity-warning", dataset: { integrity: item.integrity } }, ` ⚠ ${label(INTEGRITY_LABEL, item.integrity)}`);
}
function addRows(items, { atTop, fresh }) {
  const body = $("#rows");
  for (const item of items) {
    const tr = rowOf(item, fresh);
    if (atTop) body.prepend(tr); else body.append(tr);
  }
  while (body.children.length > MAX_ROWS) body.lastElementChild.remove();
  $("#empty").hidden = body.children.length > 0;
}

async function loadList() {
  const page = await getJSON(`/api/decisions${query({ limit: 200 })}`);
  $("#rows").replaceChildren();
  addRows(page.items, { atTop: false, fresh: false });
  state.lastSeq = page.latest_seq;
  state.nextBefore = page.next_before;
  $("#older").hidden = page.next_before === null;
}
$("#older").addEventListener("click", async () => {
  const page = await getJSON(`/api/decisions${query({ limit: 200, before: state.nextBefore })}`);
  addRows(page.items, { atTop: false, fresh: false });
  state.nextBefore = page.next_before;
  $("#older").hidden = page.next_before === null;
});

// ---------- counts and the plot ----------
async function loadStats() {
  const stats = await getJSON(`/api/stats${query()}`);
  $("#count-total").textContent = stats.total;
  for (const o of OUTCOMES) $(`#count-${o}`).textContent = stats.outcomes[o];
  const body = $("#by-service tbody");
  body.replaceChildren(...Object.entries(stats.services).map(([name, c]) =>
    el("tr", { dataset: { service: name } }, el("td", {}, name), ...OUTCOMES.map((o) => el("td", { dataset: { outcome: o } }, c[o])))));
  drawPlot(stats.hours, stats.hours_truncated);
}
function scheduleStats() {
  clearTimeout(state.statsTimer);
  state.statsTimer = setTimeout(() => loadStats().catch(failed), 800);
}
function drawPlot(hours, truncated) {
  const svg = $("#plot");
  svg.replaceChildren();
  const width = 720, height = 150, left = 34, bottom = 18, top = 6;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  if (!hours.length) {
    svg.append(Object.assign(svgEl("text", { x: left, y: height / 2, class: "axis" }), { textContent: t("no decisions in this window") }));
    return;
  }
  const max = Math.max(1, ...hours.map((h) => OUTCOMES.reduce((s, o) => s + h[o], 0)));
  const slot = Math.min((width - left) / Math.max(hours.length, 1), 48);
  const scale = (height - bottom - top) / max;
  hours.forEach((h, i) => {
    let y = height - bottom;
    for (const o of OUTCOMES) {
      if (!h[o]) continue;
      const barHeight = h[o] * scale;
      y -= barHeight;
      const rect = svgEl("rect", { x: left + i * slot + slot * 0.1, y, width: Math.max(slot * 0.8, 1), height: barHeight, class: `bar-${o}` });
      rect.append(Object.assign(svgEl("title"), { textContent: `${fmtTime(h.hour)}: ${h[o]} ${label(OUTCOME_LABEL, o)}` }));
      svg.append(rect);
    }
  });
  const axisText = (x, y, text, anchor) => svg.append(Object.assign(svgEl("text", { x, y, class: "axis", "text-anchor": anchor || "start" }), { textContent: text }));
  axisText(left - 4, top + 8, String(max), "end");
  axisText(left - 4, height - bottom, "0", "end");
  axisText(left, height - 4, fmtTime(hours[0].hour).slice(0, 13) + "h");
  if (hours.length > 1) axisText(left + hours.length * slot, height - 4, fmtTime(hours[hours.length - 1].hour).slice(0, 13) + "h", "end");
  $("#plot-caption").textContent = t("Decisions per hour (UTC), by outcome") + (truncated ? ` — ${t("the most recent two weeks of the window")}` : "");
}

// ---------- live stream (server-sent events over fetch, so credentials can be sent) ----------
async function openStream() {
  if (state.stream) state.stream.abort();
  const controller = new AbortController();
  state.stream = controller;
  const after = Math.max(state.lastSeq, state.startSeq || 0);
  const params = new URLSearchParams(state.filter);
  params.set("after", after);
  try {
    const response = await api(`/api/stream?${params}`, { headers: authHeaders(), signal: controller.signal });
    state.streamOpen = true;
    refreshStatus();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        handleEvent(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof Unauthorized) { showSignIn(error.schemes); return; }
  }
  if (!controller.signal.aborted) {
    state.streamOpen = false;
    setStatus("error", t("reconnecting…"));
    setTimeout(openStream, 2000);
  }
}
function handleEvent(block) {
  let type = "message", data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trim();
  }
  if (type !== "decision" || !data) return;
  const item = JSON.parse(data);
  state.lastSeq = Math.max(state.lastSeq, item.seq);
  addRows([item], { atTop: true, fresh: true });
  scheduleStats();
}
function setStatus(stateName, text) {
  const status = $("#status");
  status.dataset.state = stateName;
  status.textContent = text;
}
async function refreshStatus() {
  try {
    const s = await getJSON("/api/status");
    $("#held").textContent = t("{n} decisions held", { n: s.decisions_held }) + (s.evicted ? `, ${t("{n} oldest dropped", { n: s.evicted })}` : "");
    if (state.streamOpen) {
      if (s.ready) setStatus("live", t("live"));
      else setStatus("catching-up", s.audit ? s.audit.state : t("catching up"));
    }
  } catch (error) { /* shown by the stream */ }
}

// ---------- detail view ----------
const SANCTIONS_ROWS = [
  ["party", N_("Screened party")], ["query_name", N_("Name screened")], ["matched_name", N_("List entry name")],
  ["matched_name_strength", N_("Name kind on the list")], ["list", N_("List")], ["source_list", N_("Source list")],
  ["entry_id", N_("Entry id")], ["programmes", N_("Programmes")], ["entry_kind", N_("Entry kind")],
  ["entry_countries", N_("Entry countries")], ["listed_on", N_("Listed on")], ["score", N_("Score")],
  ["name_similarity", N_("Name similarity")], ["list_version", N_("List version")],
];
function valueText(value) {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : v)).join(", ") : "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
function evidenceTable(evidence) {
  const shown = new Set(["features"]);
  const rows = [];
  if ("matched_name" in evidence || "query_name" in evidence) {
    for (const [key, title] of SANCTIONS_ROWS) {
      if (!(key in evidence)) continue;
      shown.add(key);
      rows.push(el("tr", { dataset: { field: key } }, el("th", {}, t(title)), el("td", {}, valueText(evidence[key]))));
    }
  }
  for (const [key, value] of Object.entries(evidence)) {
    if (shown.has(key)) continue;
    rows.push(el("tr", { dataset: { field: key } }, el("th", {}, key.replace(/_/g, " ")), el("td", {}, valueText(value))));
  }
  const parts = [el("table", { class: "evidence" }, rows)];
  if (Array.isArray(evidence.features)) {
    parts.push(el("p", {}, el("strong", {}, t("What raised or lowered the score"))));
    parts.push(evidence.features.length
      ? el("table", { class: "features" },
        el("tr", {}, el("th", {}, t("feature")), el("th", {}, t("effect")), el("th", {}, t("why"))),
        evidence.features.map((f) => el("tr", { dataset: { feature: f.feature } },
          el("td", { class: "code" }, f.feature),
          el("td", { class: f.effect > 0 ? "effect-up" : "effect-down" }, f.effect > 0 ? `+${f.effect}` : f.effect),
          el("td", {}, f.why))))
      : el("p", { class: "muted" }, t("Nothing: the score is the name similarity.")));
  }
  return parts;
}
function versionsList(title, versions) {
  if (!versions || !Object.keys(versions).length) return null;
  return [el("dt", {}, t(title)), el("dd", {}, el("ul", { class: "reasons" }, Object.entries(versions).map(([k, v]) => el("li", {}, el("span", { class: "code" }, k), " ", v))))];
}
async function showDetail(ref) {
  const at = ref.lastIndexOf("@");
  const [decisionId, seq] = at > 0 ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, ""];
  const body = await getJSON(`/api/decisions/${encodeURIComponent(decisionId)}${seq ? `?seq=${seq}` : ""}`);
  const others = body.versions_held.length > 1
    ? el("p", { class: "muted" }, t("This decision id was written with different content more than once (the event was judged again):"), " ",
      body.versions_held.map((v) => [el("a", { href: `#/decision/${encodeURIComponent(decisionId)}@${v.seq}` }, `${fmtTime(v.recorded_at)} ${label(OUTCOME_LABEL, v.outcome)}`), " "]))
    : null;
  const row = body.row, data = body.event.data || {};
  const judged = body.judged_event;
  $("#detail").replaceChildren(el("div", {},
    el("h2", {}, pill(row.outcome), `${row.subject_type.replace(/_/g, " ")} ${row.subject_id}`, el("span", { class: "muted" }, `· ${row.service}`)),
    el("p", {}, el("a", { href: `#/subject/${encodeURIComponent(row.subject_id)}` }, t("History of this subject"))),
    others,
    el("dl", { class: "facts" },
      el("dt", {}, t("Integrity")), el("dd", { dataset: { integrity: row.integrity } }, label(INTEGRITY_LABEL, row.integrity)),
      el("dt", {}, t("Decision id")), el("dd", { class: "code" }, row.decision_id),
      el("dt", {}, t("Judged event")), el("dd", {}, el("span", { class: "code" }, data.source_event_id), ` (${data.source_event_type})`),
      el("dt", {}, t("Evaluated at")), el("dd", {}, data.evaluated_at),
      el("dt", {}, t("Written at")), el("dd", {}, fmtTime(body.record.recorded_at) + " UTC"),
      el("dt", {}, t("Audit record")), el("dd", { class: "code" }, `${body.record.topic} / ${body.record.partition} / ${body.record.offset}`),
      row.trigger ? [el("dt", {}, t("Trigger")), el("dd", {}, label(TRIGGER_LABEL, row.trigger))] : null,
      data.previous_decision_id ? [el("dt", {}, t("Follows decision")), el("dd", { class: "code" }, data.previous_decision_id)] : null,
      [el("dt", {}, t("Holds until")), el("dd", { dataset: { field: "valid_until" } }, data.valid_until ? t("{date} (judged again that day)", { date: data.valid_until }) : t("no date changes it"))],
      data.licence_required !== null && data.licence_required !== undefined ? [el("dt", {}, t("Licence required")), el("dd", {}, data.licence_required ? t("yes") : t("no"))] : null,
      data.earliest_publication_date !== undefined && data.service === "publication" ? [el("dt", {}, t("Earliest publication")), el("dd", {}, data.earliest_publication_date || t("blocked, no end date"))] : null,
      el("dt", {}, t("Rules version")), el("dd", { class: "code", dataset: { field: "rules_version" } }, body.versions.rules_version),
      versionsList(N_("List versions"), body.versions.lists_version),
      versionsList(N_("Replaced list versions"), body.versions.previous_lists_version),
      el("dt", {}, t("Code version")), el("dd", { class: "code" }, body.versions.code_version || "—"),
    ),
    el("h3", {}, t("Reasons ({n})", { n: (data.reasons || []).length })),
    (data.reasons || []).length ? (data.reasons || []).map((r, i) => el("div", { class: `reason severity-${r.severity}`, dataset: { code: r.code } },
      el("h3", {}, el("span", { class: "code" }, r.code), " ", el("span", { class: "muted" }, r.severity)),
      el("p", { class: "message", lang: shownLanguage(row.reasons[i] || r) }, reasonText(row.reasons[i] || r)),
      el("p", {}, el("strong", {}, t("Legal basis:")), " ", el("span", { class: "legal-basis" }, r.legal_basis)),
      evidenceTable(r.evidence || {}))) : el("p", { class: "muted" }, t("No findings.")),
    el("h3", {}, t("The event that was judged")),
    el("p", { class: "muted", dataset: { status: judged.status } }, judged.status === "found"
      ? t("From {record}.", { record: `${judged.record.topic} / ${judged.record.partition} / ${judged.record.offset}` }) + (judged.withheld ? ` ${t("{n} personal field(s) the decision does not show are withheld.", { n: judged.withheld })}` : "")
      : t(judged.message)),
    judged.event ? el("pre", { class: "json", id: "judged-event" }, JSON.stringify(judged.event, null, 2)) : null,
    el("details", {}, el("summary", {}, t("The decision event as written")), el("pre", { class: "json" }, JSON.stringify(body.event, null, 2))),
  ));
}

// ---------- subject view ----------
async function showSubject(subjectId) {
  const body = await getJSON(`/api/subjects/${encodeURIComponent(subjectId)}`);
  const lists = (v) => (v ? Object.entries(v).map(([k, x]) => `${k} ${x}`).join(", ") : "—");
  $("#subject").replaceChildren(el("div", {},
    el("h2", {}, `${body.subject_types.join(", ").replace(/_/g, " ")} ${body.subject_id}`),
    body.current
      ? el("p", { id: "current-state" }, t("Current state:"), " ", pill(body.current.outcome), ` (${t("decision of {time} UTC", { time: fmtTime(body.current.recorded_at) })})`)
      : el("p", { id: "current-state", class: "integrity-warning" }, t("No verified decision: the current state cannot be shown.")),
    body.unverified ? el("p", { class: "integrity-warning" }, t("{n} record(s) of this subject did not verify and are not taken as its state.", { n: body.unverified })) : null,
    el("p", { class: "muted" }, t("{n} decision(s), oldest first. Changes of outcome are marked.", { n: body.history.length }), " ",
      el("button", { type: "button", id: "subject-report", onclick: () => download("pdf", `/api/reports/subject.pdf?subject=${encodeURIComponent(body.subject_id)}&lang=${I18N.language}`).catch(failed) }, t("Audit report (PDF)"))),
    el("table", { class: "decisions history" },
      el("thead", {}, el("tr", {}, [N_("written (UTC)"), N_("outcome"), N_("trigger"), N_("reasons"), N_("list versions"), N_("change")].map((h) => el("th", {}, t(h))))),
      el("tbody", {}, body.history.map((item) => el("tr", {
        class: `outcome-${item.outcome}`,
        dataset: { outcome: item.outcome, decisionId: item.decision_id },
        onclick: () => { location.hash = decisionHash(item); },
      },
        el("td", {}, fmtTime(item.recorded_at)),
        el("td", {}, pill(item.outcome)),
        el("td", {}, item.trigger ? label(TRIGGER_LABEL, item.trigger) : t("event")),
        el("td", {}, item.reasons.length ? el("ul", { class: "reasons" }, item.reasons.map((r) => el("li", {}, el("span", { class: "code" }, r.code), " ", reasonText(r)))) : el("span", { class: "muted" }, t("no findings"))),
        el("td", { class: "code" }, lists(item.lists_version)),
        el("td", { class: item.outcome_changed ? "changed" : "" },
          item.outcome_changed ? `${label(OUTCOME_LABEL, item.previous_outcome)} → ${label(OUTCOME_LABEL, item.outcome)}` : item.reasons_changed ? t("reasons changed") : ""),
      )))),
  ));
}

// ---------- exports ----------
async function download(kind, path) {
  const response = await api(path || `/api/export.${kind}${query()}`);
  const blob = await response.blob();
  const disposition = response.headers.get("content-disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `clearway-decisions.${kind}`;
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}
$("#export-csv").addEventListener("click", () => download("csv").catch(failed));
$("#export-csv-de").addEventListener("click", () => download("de.csv").catch(failed));
$("#export-jsonl").addEventListener("click", () => download("jsonl").catch(failed));

// ---------- cases ----------
const STATUS_LABEL = { open: N_("open"), in_review: N_("in review"), awaiting_second: N_("waits for a second reviewer"), closed: N_("closed") };
const me = { name: null, roles: [], preferences: false };
const may = (...roles) => me.roles.some((r) => roles.includes(r) || r === "administrator");
async function refreshMe() {
  try {
    const status = await getJSON("/api/status");
    $("#nav-cases").hidden = !status.cases;
    $("#nav-search").hidden = !status.cases;
    $("#nav-screen").hidden = !status.screen;
    const oidc = Boolean(status.sign_in && status.sign_in.oidc);
    const who = await getJSON("/api/me").catch(() => ({ signed_in: false }));
    me.name = who.signed_in ? who.name : null;
    me.roles = who.signed_in ? who.roles : [];
    me.preferences = Boolean(who.signed_in && who.preferences);
    $("#nav-settings").hidden = !me.preferences;
    $("#me").textContent = me.name ? `${me.name} (${me.roles.join(", ") || t("no role")})` : "";
    $("#oidc-login").hidden = !oidc || Boolean(me.name);
    $("#oidc-logout").hidden = !oidc || !me.name;
  } catch (error) {
    if (error instanceof Unauthorized && error.schemes.length === 0) $("#oidc-login").hidden = false;
  }
}
$("#oidc-logout").addEventListener("click", async () => {
  await fetch("/auth/logout", { method: "POST", headers: { "X-Clearway-Page": "1" } });
  location.hash = "#/";
  location.reload();
});
async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ "Content-Type": "application/json" }, authHeaders()),
    body: JSON.stringify(body || {}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = answer.error;
    throw new Error(typeof error === "string" ? error : error ? JSON.stringify(error) : `HTTP ${response.status}`);
  }
  return answer;
}
const post = (path, body) => send("POST", path, body);
const put = (path, body) => send("PUT", path, body);
async function showCases(view) {
  for (const tab of document.querySelectorAll("#queue-tabs a")) tab.classList.toggle("current", tab.dataset.view === view);
  const body = await getJSON(`/api/cases?view=${encodeURIComponent(view)}`);
  $("#cases-empty").hidden = body.items.length > 0;
  $("#case-rows").replaceChildren(...body.items.map((c) => el("tr", {
    class: `outcome-${c.worst}${c.overdue ? " overdue" : ""}`,
    dataset: { caseId: c.id, subject: c.subject_id, status: c.status },
    onclick: () => { location.hash = `#/case/${c.id}`; },
  },
    el("td", {}, fmtTime(c.due_at), c.overdue ? el("span", { class: "error" }, ` ${t("overdue")}`) : null),
    el("td", {}, pill(c.worst)),
    el("td", {}, c.service),
    el("td", {}, c.subject_id),
    el("td", {}, label(STATUS_LABEL, c.status)),
    el("td", {}, c.assignee || "—"))));
}
function historyLine(h) {
  const d = h.detail || {};
  const what = {
    decision: () => [`${t("decision")} `, el("a", { href: `#/decision/${encodeURIComponent(d.decision_id)}` }, d.decision_id), " ", pill(d.outcome)],
    assigned: () => t("assigned to {who}", { who: d.assignee }),
    commented: () => t("commented: {text}", { text: d.text }),
    reviewed: () => t("reviewed {entry}: {verdict} ({note})", { entry: `${d.list} ${d.entry_id}`, verdict: d.verdict === "confirmed" ? t("same party") : t("not the same party"), note: d.note }),
    reviewed_pending_second: () => t("recorded {entry} as not the same party ({note}); waits for a second reviewer", { entry: `${d.list} ${d.entry_id}`, note: d.note }),
    approved: () => t("approved the review of {who}: written as effective", { who: d.first_reviewer }),
    rejected: () => t("did not approve: {text}", { text: d.text }),
    closed: () => t("closed: {resolution}", { resolution: d.resolution }),
  }[h.kind];
  return el("li", { dataset: { kind: h.kind, actor: h.actor } }, el("span", { class: "muted" }, `${fmtTime(h.at)} · ${h.actor} · `), what ? what() : h.kind);
}
async function matchesOf(decisionId) {
  const body = await getJSON(`/api/decisions/${encodeURIComponent(decisionId)}`);
  return ((body.event.data || {}).reasons || [])
    .filter((r) => r.evidence && r.evidence.list && r.evidence.entry_id)
    .map((r) => ({ decision_id: decisionId, code: r.code, severity: r.severity, evidence: r.evidence }));
}
async function showCase(caseId) {
  $("#case-error").textContent = "";
  const c = await getJSON(`/api/cases/${caseId}`);
  const decisions = c.history.filter((h) => h.kind === "decision" && h.detail.outcome !== "cleared");
  const latest = decisions.length ? decisions[decisions.length - 1].detail.decision_id : null;
  const matches = latest ? await matchesOf(latest).catch(() => []) : [];
  const act = (action, body) => post(`/api/cases/${caseId}/${action}`, body).then(() => showCase(caseId)).catch((e) => { $("#case-error").textContent = e.message; });
  const note = el("textarea", { id: "review-note", rows: 2, cols: 60, placeholder: t("Why: what tells the parties apart, or makes them the same") });
  const comment = el("textarea", { id: "comment-text", rows: 2, cols: 60 });
  const open = c.status !== "closed";
  $("#case").replaceChildren(el("div", {},
    el("h2", {}, pill(c.worst), `${c.subject_id}`, el("span", { class: "muted" }, ` · ${c.service} · ${t("case {id}", { id: c.id })}`)),
    el("dl", { class: "facts" },
      el("dt", {}, t("Status")), el("dd", { id: "case-status", dataset: { status: c.status } }, label(STATUS_LABEL, c.status), c.resolution ? ` (${c.resolution.replace(/_/g, " ")})` : ""),
      el("dt", {}, t("Assignee")), el("dd", { id: "case-assignee" }, c.assignee || t("nobody")),
      el("dt", {}, t("Due")), el("dd", {}, `${fmtTime(c.due_at)} UTC`, c.overdue ? el("span", { class: "error" }, ` ${t("overdue")}`) : null),
      el("dt", {}, t("Subject")), el("dd", {}, el("a", { href: `#/subject/${encodeURIComponent(c.subject_id)}` }, t("history of its decisions"))),
      el("dt", {}, t("Report")), el("dd", {}, el("button", { type: "button", id: "case-report", onclick: () => download("pdf", `/api/cases/${caseId}/report.pdf?lang=${I18N.language}`).catch(failed) }, t("Audit report (PDF)"))),
    ),
    open && may("reviewer", "approver") && c.assignee !== me.name
      ? el("p", {}, el("button", { type: "button", id: "assign-me", onclick: () => act("assign", { assignee: me.name }) }, t("Assign to me"))) : null,
    c.pending ? el("div", { class: "pending", id: "pending" },
      el("p", {}, t("{who} recorded {entry} as not the same party: “{note}”. A second person must approve before it takes effect.", { who: c.pending.reviewer, entry: `${c.pending.list} ${c.pending.entry_id}`, note: c.pending.note })),
      may("approver") && c.pending.reviewer !== me.name ? el("p", {},
        el("button", { type: "button", id: "approve", onclick: () => act("approve") }, t("Approve (four eyes)")), " ",
        el("button", { type: "button", id: "reject", onclick: () => act("reject", { text: "not approved" }) }, t("Send back"))) : el("p", { class: "muted" }, t("Waiting for an approver other than the first reviewer."))) : null,
    open && !c.pending && matches.length && may("reviewer", "approver") ? el("div", { class: "review" },
      el("h3", {}, t("Review the matches of the latest decision")),
      note,
      el("table", { class: "evidence", id: "matches" }, matches.map((m) => el("tr", { dataset: { list: m.evidence.list, entry: m.evidence.entry_id } },
        el("td", {}, el("span", { class: "code" }, m.code), " ", `${m.evidence.query_name || ""} ↔ ${m.evidence.matched_name || ""} (${m.evidence.list} ${m.evidence.entry_id}, ${t("score")} ${m.evidence.score})`),
        el("td", {},
          el("button", { type: "button", class: "same", onclick: () => act("review", { decision_id: m.decision_id, list: m.evidence.list, entry_id: m.evidence.entry_id, verdict: "confirmed", note: note.value }) }, t("Same party")), " ",
          el("button", { type: "button", class: "not-same", onclick: () => act("review", { decision_id: m.decision_id, list: m.evidence.list, entry_id: m.evidence.entry_id, verdict: "false_positive", note: note.value }) }, t("Not the same party"))))))) : null,
    el("h3", {}, t("History")),
    el("ol", { class: "history", id: "case-history" }, c.history.map(historyLine)),
    may("reviewer", "approver") ? el("p", {}, comment, " ", el("button", { type: "button", id: "comment", onclick: () => act("comment", { text: comment.value }) }, t("Comment"))) : null,
  ));
}

// ---------- search in the store ----------
const search = { params: "", next: null };
async function runSearch(more) {
  const params = new URLSearchParams(search.params);
  if (more && search.next) { params.set("before", search.next.id); params.set("before_at", search.next.at); }
  const body = await getJSON(`/api/search?${params.toString()}`);
  const rows = body.items.map((r) => el("tr", { class: `outcome-${r.outcome}`, dataset: { decisionId: r.decision_id, subject: r.subject_id } },
    el("td", {}, fmtTime(r.recorded_at)),
    el("td", {}, pill(r.outcome)),
    el("td", {}, r.service),
    el("td", {}, el("a", { href: `#/subject/${encodeURIComponent(r.subject_id)}` }, r.subject_id)),
    el("td", {}, el("a", { href: `#/decision/${encodeURIComponent(r.decision_id)}`, class: "code" }, r.decision_id))));
  if (more) $("#search-rows").append(...rows); else $("#search-rows").replaceChildren(...rows);
  search.next = body.next_before ? { id: body.next_before, at: body.next_before_at } : null;
  $("#search-more").hidden = body.items.length < 50;
  $("#search-empty").hidden = Boolean(more) || body.items.length > 0;
}
$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(event.target).entries()) if (String(value).trim()) params.set(key, String(value).trim());
  search.params = params.toString();
  runSearch(false).catch(failed);
});
$("#search-more").addEventListener("click", () => runSearch(true).catch(failed));

// ---------- ad-hoc screening ----------
$("#screen-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const question = { name: form.name.value.trim(), kind: form.kind.value };
  if (form.country.value.trim()) question.country = form.country.value.trim().toUpperCase();
  if (form.owner.value.trim()) {
    const share = parseFloat(form.share.value);
    question.owners = [Object.assign({ name: form.owner.value.trim() }, Number.isFinite(share) ? { share: share / 100 } : {})];
  }
  $("#screen-result").replaceChildren(el("p", { class: "muted" }, t("Screening…")));
  try {
    const answer = await post("/api/screen", question);
    const d = answer.decision;
    $("#screen-result").replaceChildren(el("div", { id: "screen-answer", dataset: { outcome: d.outcome } },
      el("h3", {}, pill(d.outcome), ` ${question.name}`),
      d.reasons.length ? d.reasons.map((r) => el("div", { class: `reason severity-${r.severity}`, dataset: { code: r.code } },
        el("p", {}, el("span", { class: "code" }, r.code), " ", reasonText(r)),
        el("p", {}, el("strong", {}, t("Legal basis:")), " ", r.legal_basis))) : el("p", {}, t("No match on any list.")),
      el("p", { class: "muted", id: "screen-lists" }, t("Lists:"), " ", Object.entries(d.lists_version || {}).map(([k, v]) => `${k} ${v}`).join(", ")),
      el("p", { class: "muted" }, t("Not recorded: no decision was written. To record one, send the partner event."))));
  } catch (error) {
    $("#screen-result").replaceChildren(el("p", { class: "error" }, error.message));
  }
});

// ---------- my notifications ----------
const KIND_LABEL = { red: N_("a red decision"), amber: N_("an amber decision"), changed: N_("a decision changed by re-screening"), assigned: N_("a case assigned to me"), overdue: N_("a case overdue") };
const CHANNEL_LABEL = { email: N_("e-mail"), webhook: N_("chat webhook") };
const SERVICE_LABEL = { screening: N_("screening"), export_control: N_("export control"), gdpr: N_("GDPR"), publication: N_("publication") };
const mine = { subscriptions: [] };
function digestHours() {
  const select = $("#subscription-form").digest_hour;
  if (select.options.length > 1) return;
  for (let hour = 0; hour < 24; hour++) select.append(el("option", { value: hour }, t("daily digest at {hour}:00 UTC", { hour: String(hour).padStart(2, "0") })));
}
async function saveSubscriptions(subscriptions) {
  $("#settings-error").textContent = "";
  try {
    const body = await put("/api/me/preferences", { subscriptions });
    showSubscriptions(body);
  } catch (error) { $("#settings-error").textContent = error.message; }
}
function showSubscriptions(body) {
  mine.subscriptions = body.subscriptions;
  const list = (values, labels) => (values && values.length ? values.map((v) => label(labels, v)).join(", ") : t("all"));
  $("#subscription-rows").replaceChildren(...body.subscriptions.map((sub, i) => el("tr", { dataset: { channel: sub.channel } },
    el("td", {}, label(CHANNEL_LABEL, sub.channel)),
    el("td", { class: "code" }, sub.address),
    el("td", {}, list(sub.kinds, KIND_LABEL)),
    el("td", {}, list(sub.services, SERVICE_LABEL)),
    el("td", {}, sub.digest_hour === undefined || sub.digest_hour === null ? t("at once") : t("daily digest at {hour}:00 UTC", { hour: String(sub.digest_hour).padStart(2, "0") })),
    el("td", {}, el("button", { type: "button", class: "remove", onclick: () => saveSubscriptions(mine.subscriptions.filter((_, j) => j !== i)) }, t("Remove"))))));
  $("#subscriptions-empty").hidden = body.subscriptions.length > 0;
  const channels = body.channels;
  const form = $("#subscription-form");
  form.channel.options[0].disabled = !channels.email;
  form.channel.options[1].disabled = !channels.webhook;
  if (form.channel.selectedOptions[0].disabled) form.channel.value = channels.email ? "email" : "webhook";
  form.hidden = !channels.email && !channels.webhook;
  $("#channels-note").textContent = [
    channels.email_domains.length ? t("e-mail to {domains}", { domains: channels.email_domains.join(", ") }) : "",
    channels.webhook ? t("webhooks to {hosts}", { hosts: channels.webhook_hosts.join(", ") }) : "",
  ].filter(Boolean).join("; ");
}
async function showSettings() {
  digestHours();
  showSubscriptions(await getJSON("/api/me/preferences"));
}
$("#subscription-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const sub = { channel: form.channel.value, address: form.address.value.trim(), kinds: checked("kinds") };
  const services = checked("services");
  if (services.length < form.querySelectorAll('input[name="services"]').length) sub.services = services;
  if (form.digest_hour.value !== "") sub.digest_hour = Number(form.digest_hour.value);
  saveSubscriptions([...mine.subscriptions, sub]).then(() => { if (!$("#settings-error").textContent) form.address.value = ""; });
});

// ---------- routing and start ----------
function failed(error) {
  if (error instanceof Unauthorized) { showSignIn(error.schemes); return; }
  $("#filter-error").textContent = error.message;
}
async function route() {
  let [, view, id] = location.hash.match(/^#\/(decision|subject|case|cases|search|screen|settings)(?:\/(.+))?$/) || [];
  const own = Boolean(view && (view.startsWith("case") || view === "search" || view === "screen" || view === "settings"));
  $("#list-view").hidden = Boolean(view);
  $("#filters").hidden = own;
  $("#summary").hidden = own;
  $("#search-view").hidden = view !== "search";
  $("#screen-view").hidden = view !== "screen";
  $("#settings-view").hidden = view !== "settings";
  $("#detail-view").hidden = view !== "decision";
  $("#subject-view").hidden = view !== "subject";
  $("#cases-view").hidden = view !== "cases";
  $("#case-view").hidden = view !== "case";
  try {
    await refreshMe();
    if (view === "decision") await showDetail(decodeURIComponent(id));
    if (view === "subject") await showSubject(decodeURIComponent(id));
    if (view === "cases") await showCases(id || (me.name ? "mine" : "open"));
    if (view === "case") await showCase(Number(id));
    if (view === "settings") await showSettings();
  } catch (error) { failed(error); }
}
async function reload() {
  $("#filter-error").textContent = "";
  state.filter = readFilter().toString();
  const from = $("#filters").querySelector('input[name="start"]:checked').value;
  try {
    if (from === "now" && state.startSeq === null) {
      state.startSeq = (await getJSON("/api/decisions?limit=1")).latest_seq;
    } else if (from === "beginning") {
      state.startSeq = null;
    }
    await loadList();
    await loadStats();
    openStream();
    refreshStatus();
  } catch (error) { failed(error); }
}
$("#filters").addEventListener("submit", (event) => { event.preventDefault(); reload(); });
$("#filters").addEventListener("change", (event) => {
  if (event.target.name === "start" || event.target.type === "checkbox") reload();
});
$("#reset").addEventListener("click", () => { $("#filters").reset(); state.startSeq = null; reload(); });
window.addEventListener("hashchange", route);
setInterval(refreshStatus, 2000);
loadLanguage().catch(() => null).finally(() => { route(); reload(); });
