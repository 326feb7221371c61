// A small SVG chart of time series (lines with area fill) and of labelled bars: no library, works offline.
const NS = "http://www.w3.org/2000/svg";

const el = (name, attrs = {}, parent) => {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
};

export function human(n) {
  const units = ["", "k", "M", "G", "T"];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return (i === 0 ? String(Math.round(n)) : n.toFixed(n < 10 ? 1 : 0)) + units[i];
}

const clock = (t) => new Date(t).toTimeString().slice(0, 5);

/**
 * Draws series over x (ms timestamps or plain numbers) into container.
 * series: [{ name, color, values: number[] }]; one point each is a `circle.point` (what tests count).
 */
export function lineChart(container, xs, series, { height = 200, time = true } = {}) {
  container.innerHTML = "";
  const width = Math.max(320, container.clientWidth || 600);
  const pad = { l: 48, r: 12, t: 10, b: 22 };
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img" }, container);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x0 = xs[0] ?? 0,
    x1 = xs[xs.length - 1] ?? 1;
  const sx = (x) => pad.l + (x1 === x0 ? (width - pad.l - pad.r) / 2 : ((x - x0) / (x1 - x0)) * (width - pad.l - pad.r));
  const sy = (y) => height - pad.b - (y / max) * (height - pad.t - pad.b);
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    el("line", { x1: pad.l, x2: width - pad.r, y1: sy(v), y2: sy(v), stroke: "#e3e6eb" }, svg);
    el("text", { x: pad.l - 6, y: sy(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#667085" }, svg).textContent = human(v);
  }
  const ticks = Math.min(6, xs.length);
  for (let i = 0; i < ticks; i++) {
    const x = xs[Math.round((i * (xs.length - 1)) / Math.max(1, ticks - 1))];
    if (x === undefined) continue;
    el("text", { x: sx(x), y: height - 6, "text-anchor": "middle", "font-size": 11, fill: "#667085" }, svg).textContent = time ? clock(x) : String(x);
  }
  for (const s of series) {
    if (xs.length === 0) continue;
    const pts = xs.map((x, i) => `${sx(x).toFixed(1)},${sy(s.values[i] ?? 0).toFixed(1)}`);
    el("path", { d: `M${sx(x0)},${sy(0)} L${pts.join(" L")} L${sx(x1)},${sy(0)} Z`, fill: s.color, "fill-opacity": 0.12, stroke: "none" }, svg);
    el("polyline", { points: pts.join(" "), fill: "none", stroke: s.color, "stroke-width": 2 }, svg);
    xs.forEach((x, i) => {
      const c = el("circle", { class: "point", cx: sx(x), cy: sy(s.values[i] ?? 0), r: xs.length > 60 ? 1.5 : 3, fill: s.color }, svg);
      el("title", {}, c).textContent = `${s.name} ${time ? clock(x) : x}: ${s.values[i] ?? 0}`;
    });
  }
  const legend = document.createElement("div");
  legend.className = "legend";
  legend.innerHTML = series.map((s) => `<span style="color:${s.color}">■</span> ${s.name}`).join(" &nbsp; ");
  container.appendChild(legend);
}

/** Ranked rows as horizontal bars: [{ key, value }]. */
export function bars(container, rows, { reject = false, format = human } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  container.innerHTML = rows.length === 0 ? '<div class="muted">no records yet</div>' : "";
  for (const r of rows) {
    const row = document.createElement("div");
    row.className = "bar";
    row.innerHTML = `<div class="name"><div class="fill${reject ? " reject" : ""}" style="width:${(100 * r.value) / max}%"></div><span></span></div><div class="num"></div>`;
    row.querySelector("span").textContent = r.key;
    row.querySelector(".num").textContent = format(r.value);
    container.appendChild(row);
  }
}
