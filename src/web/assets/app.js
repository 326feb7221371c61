// The dashboard page: hash-routed pages, one EventSource for live data (records, alerts, alarms), fetch for queries and the pipeline.
import { bars, human, lineChart } from "./chart.js";

const $ = (s) => document.querySelector(s);
const ACCEPT = "#1a7f4b",
  REJECT = "#c62828";
const state = { overview: null, live: [], alerts: [], alarms: null, page: "overview" };

function show(page) {
  state.page = page;
  for (const s of document.querySelectorAll(".page")) s.hidden = s.id !== `page-${page}`;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.page === page);
  if (page === "overview" && state.overview) renderOverview(state.overview);
  if (page === "pipeline") loadPipeline();
  if (page === "live") renderLive();
  if (page === "alerts") renderAlarms();
}
window.addEventListener("hashchange", () => {
  $("#why").hidden = true;
  show(location.hash.slice(1) || "overview");
});

const text = (v) => (v === undefined || v === null ? "" : String(v));
const esc = (v) => text(v).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
// A time of today reads as a time; an older one carries its date, so a backfilled alert is not taken for a recent one.
const when = (t) => {
  if (!t) return "";
  const d = new Date(t);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
};

function renderOverview(o) {
  $("#total-records").textContent = human(o.records);
  $("#total-bytes").textContent = human(o.bytes);
  $("#total-rejected").textContent = human(o.rejected);
  const xs = o.series.map((p) => p.t);
  lineChart($("#chart-bytes"), xs, [
    { name: "ACCEPT bytes", color: ACCEPT, values: o.series.map((p) => p.acceptBytes) },
    { name: "REJECT bytes", color: REJECT, values: o.series.map((p) => p.rejectBytes) },
  ]);
  lineChart($("#chart-packets"), xs, [
    { name: "ACCEPT packets", color: ACCEPT, values: o.series.map((p) => p.acceptPackets) },
    { name: "REJECT packets", color: REJECT, values: o.series.map((p) => p.rejectPackets) },
  ]);
  bars($("#top-talkers"), o.topTalkers);
  bars($("#top-ports"), o.topPorts);
  bars($("#top-rejected"), o.topRejectedSources, { reject: true });
  $("#interfaces tbody").innerHTML = o.interfaces
    .map(
      (i) =>
        `<tr><td class="mono">${esc(i.interfaceId)}</td><td>${esc(i.instanceName)}</td><td>${i.records}</td><td>${when(i.lastRecord)}</td><td class="mono msg">${esc(i.lastMessage)}</td></tr>`,
    )
    .join("");
}

function liveRow(r) {
  const arrow = r.dir === "in" ? "←" : r.dir === "out" ? "→" : "";
  const cls = r.action === "REJECT" ? "reject" : r.action === "ACCEPT" ? "accept" : "";
  return `<tr><td>${when(r.t)}</td><td>${esc(r.eni)}${r.name ? ` (${esc(r.name)})` : ""}</td><td>${arrow}</td><td>${esc(r.src)}</td><td>${esc(r.dst)}</td><td>${esc(r.proto)} ${esc(r.service)}</td><td>${r.packets}</td><td>${r.bytes}</td><td class="${cls}">${esc(r.action)}</td><td>${r.action === "REJECT" ? `<button class="small why-button" data-why-id="${esc(r.id)}">Why?</button>` : ""}</td></tr>`;
}

function renderLive() {
  if ($("#live-pause").checked) return;
  const f = $("#live-filter").value.trim().toLowerCase();
  const rows = state.live.filter((r) => !f || `${r.message} ${r.src} ${r.dst} ${r.name} ${r.service}`.toLowerCase().includes(f));
  $("#live tbody").innerHTML = rows.slice(-300).reverse().map(liveRow).join("");
  $("#live-count").textContent = `${rows.length} of ${state.live.length} records`;
}
$("#live-filter").addEventListener("input", renderLive);

// The nav badge counts detections and alarms in ALARM: what asks for a look.
function renderBadge() {
  const alarming = (state.alarms?.alarms ?? []).filter((a) => a.state === "ALARM").length;
  const badge = $("#alert-count");
  badge.hidden = state.alerts.length + alarming === 0;
  badge.textContent = String(state.alerts.length + alarming);
  badge.title = `${state.alerts.length} detections, ${alarming} alarms in ALARM`;
}

const span = (a) => `${when(Date.parse(a.from))} – ${when(Date.parse(a.to))}`;

function renderAlerts() {
  $("#alerts-empty").hidden = state.alerts.length > 0;
  renderBadge();
  const rows = state.alerts.map((a, i) => ({ a, i })).reverse();
  $("#alerts tbody").innerHTML = rows
    .map(
      ({ a, i }) =>
        `<tr class="alert-${esc(a.severity)}" data-rule="${esc(a.rule)}" data-who="${esc(a.who)}"><td title="${esc(a.when)}">${esc(when(Date.parse(a.when)))}</td><td>${esc(a.rule)}</td><td><span class="pill sev-${esc(a.severity)}">${esc(a.severity)}</span></td><td class="mono">${esc(a.who)}</td><td class="wrap">${esc(a.what)}</td><td class="evidence"><button class="small" data-alert="${i}" title="run it over ${esc(a.from)} .. ${esc(a.to)}">Open in Query</button> <button class="small why-button" data-why-alert="${i}" title="explain ${esc(a.who)}'s newest REJECT record (else its newest record)">Why?</button> <span class="muted">${esc(span(a))}</span><div class="mono query-text" title="${esc(a.query)}">${esc(a.query)}</div></td></tr>`,
    )
    .join("");
}
$("#alerts").addEventListener("click", (e) => {
  const index = e.target.closest("button[data-alert]")?.dataset.alert;
  const alert = index === undefined ? undefined : state.alerts[Number(index)];
  if (alert) openEvidence(alert);
});

// "Why?": the dashboard's API explains the record (or the alert's newest REJECT) from the EC2 API, as `flowwatch explain` does.
$("#live").addEventListener("click", (e) => {
  const id = e.target.closest("button[data-why-id]")?.dataset.whyId;
  const row = id === undefined ? undefined : state.live.find((r) => r.id === id);
  if (id !== undefined) void explainWhy({ id }, row ? `${row.src} → ${row.dst} at ${row.eni}` : id);
});
$("#alerts").addEventListener("click", (e) => {
  const index = e.target.closest("button[data-why-alert]")?.dataset.whyAlert;
  const alert = index === undefined ? undefined : state.alerts[Number(index)];
  if (alert) void explainWhy({ who: alert.who, from: alert.from, to: alert.to }, `${alert.rule} · ${alert.who}`);
});
$("#why-close").addEventListener("click", () => ($("#why").hidden = true));

const OUTCOME = { allow: "ok", deny: "drop", "no-route": "no route", unknown: "undecided", "not-visible": "not visible", "not-crossed": "not crossed" };

async function explainWhy(request, label) {
  $("#why").hidden = false;
  $("#why").scrollIntoView({ block: "nearest" });
  $("#why-body").hidden = true;
  $("#why-record").textContent = label;
  $("#why-status").textContent = "reading the interface, its security groups, network ACL and route table…";
  const response = await fetch("api/explain", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
  const answer = await response.json();
  if (!response.ok) {
    $("#why-status").textContent = `cannot explain: ${answer.error}`;
    return;
  }
  const e = answer.explanation;
  $("#why-status").textContent = answer.record.message;
  $("#why-verdict").textContent = e.verdict;
  $("#why-verdict").className = `pill verdict-${e.verdict.replace(" ", "-")}`;
  $("#why-headline").textContent = e.headline;
  $("#why-context").textContent = answer.context;
  $("#why-steps tbody").innerHTML = e.steps
    .map(
      (s) =>
        `<tr class="outcome-${esc(s.outcome)}"><td>${esc(s.leg)}</td><td>${esc(s.where)}</td><td>${esc(OUTCOME[s.outcome] ?? s.outcome)}</td><td class="wrap">${esc(s.text)}</td></tr>`,
    )
    .join("");
  $("#why-note").textContent = e.recordNote ? `record: ${e.recordNote}` : "";
  $("#why-changes").innerHTML =
    e.changes.length === 0
      ? ""
      : `<h3>Smallest change that lets it through (not made)</h3>${e.changes.map((c) => `<div>${esc(c.text)}${c.command ? `<pre>${esc(c.command)}</pre>` : ""}</div>`).join("")}`;
  $("#why-unseen").innerHTML =
    e.notVisible.length === 0 ? "" : `<h3>Not visible to the EC2 API</h3><ul>${e.notVisible.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`;
  $("#why-body").hidden = false;
  $("#why").scrollIntoView({ block: "nearest" });
}

/** The alert's evidence query in the Query page, over exactly the alert's from..to. */
function openEvidence(alert) {
  $("#query-text").value = alert.query;
  const option = $("#query-range");
  option.dataset.start = String(Date.parse(alert.from) / 1000);
  option.dataset.end = String(Date.parse(alert.to) / 1000);
  option.textContent = `the alert's: ${span(alert)}`;
  option.hidden = false;
  $("#query-minutes").value = "range";
  location.hash = "query";
  void runQuery();
}

function renderAlarms() {
  const snapshot = state.alarms;
  if (!snapshot) return;
  renderBadge();
  const error = $("#alarms-error");
  error.hidden = !snapshot.error;
  error.textContent = snapshot.error ? `CloudWatch alarms cannot be read here: ${snapshot.error}` : "";
  $("#alarms-checked").textContent = `checked ${when(snapshot.checkedAt)}`;
  $("#alarms-empty").hidden = Boolean(snapshot.error) || snapshot.alarms.length > 0;
  $("#alarms").hidden = Boolean(snapshot.error);
  $("#alarms tbody").innerHTML = snapshot.alarms
    .map(
      (a) =>
        `<tr data-alarm="${esc(a.name)}" data-state="${esc(a.state)}"><td class="mono">${esc(a.name)}</td><td><span class="pill state-${esc(a.state)}">${esc(a.state)}</span></td><td class="wrap">${esc(a.reason)}</td><td class="mono wrap">${esc(a.metric)}</td><td title="${esc(a.updated)}">${esc(a.updated ? new Date(a.updated).toLocaleString() : "")}</td></tr>`,
    )
    .join("");
}

async function runQuery() {
  const query = $("#query-text").value;
  $("#query-status").textContent = "running…";
  const started = performance.now();
  const range = $("#query-minutes").value === "range" ? $("#query-range").dataset : undefined;
  const timeRange = range ? { start: Number(range.start), end: Number(range.end) } : { minutes: Number($("#query-minutes").value) };
  const response = await fetch("api/query", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, ...timeRange }) });
  const answer = await response.json();
  if (!response.ok) {
    $("#query-status").textContent = `error: ${answer.error}`;
    $("#query-results thead").innerHTML = $("#query-results tbody").innerHTML = "";
    $("#query-chart").hidden = true;
    return;
  }
  const fields = answer.fields;
  $("#query-status").textContent =
    `${answer.rows.length} rows · ${answer.statistics.recordsMatched ?? 0} of ${answer.statistics.recordsScanned ?? 0} records matched · ${Math.round(performance.now() - started)} ms`;
  $("#query-results thead").innerHTML = `<tr>${fields.map((f) => `<th>${esc(f)}</th>`).join("")}</tr>`;
  $("#query-results tbody").innerHTML = answer.rows.map((r) => `<tr>${fields.map((f) => `<td>${esc(r[f])}</td>`).join("")}</tr>`).join("");
  // A bin() query becomes a chart: its time column on x, every numeric column a line.
  const timeField = /bin\(/.test(query) ? fields.find((f) => answer.rows.every((r) => !Number.isNaN(Date.parse(r[f])))) : undefined;
  const numeric = fields.filter((f) => f !== timeField && answer.rows.length > 0 && answer.rows.every((r) => r[f] !== "" && !Number.isNaN(Number(r[f]))));
  const chart = $("#query-chart");
  chart.hidden = !timeField || numeric.length === 0;
  if (!chart.hidden) {
    const rows = answer.rows.slice().sort((a, b) => Date.parse(a[timeField]) - Date.parse(b[timeField]));
    const colors = ["#2357c6", "#c62828", "#1a7f4b", "#b26b00"];
    lineChart(
      chart,
      rows.map((r) => Date.parse(r[timeField])),
      numeric.map((f, i) => ({ name: f, color: colors[i % colors.length], values: rows.map((r) => Number(r[f])) })),
    );
  }
}
$("#query-run").addEventListener("click", () => void runQuery());
$("#query-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void runQuery();
});
for (const a of document.querySelectorAll(".examples a"))
  a.addEventListener("click", (e) => {
    e.preventDefault();
    $("#query-text").value = a.dataset.q;
    void runQuery();
  });

async function loadPipeline() {
  $("#pipeline-source").textContent = "running doctor's checks…";
  const response = await fetch("api/pipeline");
  const status = await response.json();
  if (!response.ok) {
    $("#pipeline-source").textContent = `error: ${status.error}`;
    return;
  }
  $("#pipeline-source").textContent = `log group ${status.logGroup} · from ${status.source} · checked ${when(Date.now())}`;
  $("#pipeline-links").innerHTML = status.links
    .map(
      (l) =>
        `<li class="${l.state}" data-step="${l.step}"><span class="state">${l.state === "ok" ? "ok" : l.state === "broken" ? "broken" : "unknown"}</span><b>${l.step}. ${esc(l.name)}</b><div class="muted">${esc(l.detail)}</div>${l.fix ? `<div class="fix">fix: ${esc(l.fix)}</div>` : ""}</li>`,
    )
    .join("");
  $("#pipeline-checks tbody").innerHTML = status.checks
    .map(
      (c) =>
        `<tr data-check="${esc(c.id)}"><td><span class="pill check-${esc(c.status)}">${esc(c.status)}</span></td><td>${esc(c.title)}</td><td class="wrap">${esc(c.detail)}</td><td class="mono wrap">${c.fix && c.status !== "ok" && c.status !== "skip" ? esc(c.fix) : ""}</td></tr>`,
    )
    .join("");
}
$("#pipeline-refresh").addEventListener("click", () => void loadPipeline());

function connect() {
  const events = new EventSource("api/events");
  events.addEventListener("overview", (e) => {
    state.overview = JSON.parse(e.data);
    if (state.page === "overview") renderOverview(state.overview);
  });
  events.addEventListener("records", (e) => {
    state.live.push(...JSON.parse(e.data));
    if (state.live.length > 2000) state.live.splice(0, state.live.length - 2000);
    if (state.page === "live") renderLive();
  });
  events.addEventListener("alerts", (e) => {
    state.alerts = JSON.parse(e.data);
    renderAlerts();
  });
  events.addEventListener("alert", (e) => {
    state.alerts.push(JSON.parse(e.data));
    renderAlerts();
  });
  events.addEventListener("alarms", (e) => {
    state.alarms = JSON.parse(e.data);
    renderAlarms();
  });
  events.addEventListener("status", (e) => {
    const s = JSON.parse(e.data);
    $("#status").textContent = `${s.logGroup || "no log group yet"} · ${s.state}${s.detail ? `: ${s.detail}` : ""}${s.error ? ` · ${s.error}` : ""}`;
  });
  events.onerror = () => ($("#status").textContent = "reconnecting…");
}

show(location.hash.slice(1) || "overview");
connect();
