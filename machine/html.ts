/**
 * A self-contained HTML report (inline SVG, inline CSS, no script, no external asset) from a report
 * document: per-architecture container bars (start-up, execution, native), top functions per
 * image, and footprint against the board's limits.
 */
import type { ReportDocument, ImageReport } from './report.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLORS = { startup: '#d9822b', exec: '#2b6cb0', native: '#38a169', bar: '#4a5568', limit: '#e2e8f0' };

interface Bar {
  label: string;
  value: number;
  color: string;
  text: string;
}

/** Horizontal bar chart, scaled to the largest value (or to `max`). */
function barChart(bars: Bar[], max?: number, width = 900): string {
  const rowH = 20;
  const labelW = 260;
  const chartW = width - labelW - 250;
  const m = max ?? Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * rowH + 4;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 2;
    const w = m > 0 ? Math.max(1, Math.round((b.value / m) * chartW)) : 1;
    return (
      `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 6}" fill="${b.color}"><title>${esc(b.label)}: ${esc(b.text)}</title></rect>` +
      `<text x="${labelW + w + 6}" y="${y + 14}">${esc(b.text)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" font-family="sans-serif" font-size="12">${rows.join('')}</svg>`;
}

function footprintChart(im: ImageReport): string {
  const bars: string[] = [];
  const width = 720;
  const labelW = 140;
  const chartW = 400;
  im.footprint.regions.forEach((r, i) => {
    const y = i * 24 + 2;
    const share = r.limit > 0 ? r.used / r.limit : 0;
    const w = Math.max(1, Math.round(Math.min(1, share) * chartW));
    bars.push(
      `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(r.name)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${chartW}" height="16" fill="${COLORS.limit}"/>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w}" height="16" fill="${share > 0.9 ? '#c53030' : COLORS.bar}"/>` +
        `<text x="${labelW + chartW + 8}" y="${y + 15}">${r.used} / ${r.limit} B (${(share * 100).toFixed(1)}%)</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${im.footprint.regions.length * 24 + 4}" font-family="sans-serif" font-size="12">${bars.join('')}</svg>`;
}

function containerSection(images: ImageReport[]): string {
  const withC = images.filter((im) => im.containers && im.containers.containers.length > 0);
  if (!withC.length) return '<p>No container run was measured.</p>';
  const out: string[] = [];
  const names = [...new Set(withC.flatMap((im) => im.containers!.containers.map((c) => c.name)))];
  for (const name of names) {
    const bars: Bar[] = [];
    for (const im of withC) {
      const c = im.containers!.containers.find((x) => x.name === name);
      if (!c) continue;
      const tag = `${im.arch} (${im.board})`;
      bars.push({ label: `${tag} start-up`, value: c.startupUs, color: COLORS.startup, text: `${c.startupCycles} cyc, ${c.startupUs.toFixed(2)} µs` });
      if (c.runs > 0) bars.push({ label: `${tag} execution`, value: c.execUs, color: COLORS.exec, text: `${c.execCycles.median} cyc, ${c.execUs.toFixed(2)} µs` });
      if (c.native) bars.push({ label: `${tag} native`, value: c.native.us, color: COLORS.native, text: `${c.native.medianCycles} cyc, ${c.native.us.toFixed(2)} µs${c.ratio !== null ? ` (container ${c.ratio.toFixed(1)}×)` : ''}` });
    }
    out.push(`<h3>${esc(name)} <small>(µs at each board's clock)</small></h3>${barChart(bars)}`);
  }
  return out.join('\n');
}

function imageSection(im: ImageReport): string {
  const e = im.energy;
  const energy = e.available
    ? `${(e as { totalUj: number }).totalUj.toFixed(3)} µJ, average ${(e as { averageMw: number }).averageMw.toFixed(4)} mW`
    : `unavailable (${esc((e as { reason: string }).reason)})`;
  type StateRow = { cpu: string; resources: string[]; label: string; mA: number; us: number; uJ: number };
  const states = e.available ? ((e as { states?: StateRow[] }).states ?? []) : [];
  const stateTable = states.length
    ? `<h3>Energy by chip state</h3><table><tr><th>core</th><th>clocks held</th><th>figure</th><th>current</th><th>time</th><th>energy</th></tr>${states
        .map((st) => `<tr><td>${esc(st.cpu)}</td><td>${esc(st.resources.join(', ') || '-')}</td><td>${esc(st.label)}</td><td>${st.mA >= 1 ? `${st.mA.toFixed(3)} mA` : `${(st.mA * 1000).toFixed(2)} µA`}</td><td>${(st.us / 1000).toFixed(3)} ms</td><td>${st.uJ.toFixed(3)} µJ</td></tr>`)
        .join('')}</table>`
    : '';
  const fns = im.topFunctions.slice(0, 15).map((f) => ({ label: f.name, value: f.self, color: COLORS.bar, text: `${f.self} cyc self, ${f.calls} calls` }));
  const comps = im.footprint.components.filter((c) => c.symbols > 0);
  return `<section>
<h2>${esc(im.board)} (${esc(im.arch)}, ${(im.clockHz / 1e6).toFixed(0)} MHz): ${esc(im.elf)}</h2>
<p>${im.run.cycles} cycles, ${im.run.instructions} instructions, ${(im.run.timeUs / 1000).toFixed(3)} ms emulated, stop: ${esc(im.run.stopReason ?? '')}; energy ${energy}.<br><small>sha256 ${esc(im.elfSha256)}</small></p>
${im.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
${stateTable}
<h3>Footprint against the board's limits</h3>
${footprintChart(im)}
${comps.length > 1 ? `<table><tr><th>component</th><th>flash</th><th>RAM</th></tr>${comps.map((c) => `<tr><td>${esc(c.name)}</td><td>${c.flash}</td><td>${c.ram}</td></tr>`).join('')}</table>` : ''}
<h3>Top functions (self cycles)</h3>
${fns.length ? barChart(fns) : '<p>No profile (the core has no profiler loop variant).</p>'}
</section>`;
}

export function renderHtml(doc: ReportDocument, title = 'femtosim report', extra: string[] = []): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#1a202c}h2{border-bottom:1px solid #cbd5e0}table{border-collapse:collapse}td,th{border:1px solid #cbd5e0;padding:2px 8px;text-align:right}.note{color:#9c4221}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}</style>
</head><body>
<h1>${esc(title)}</h1>
${extra.map((p) => `<p class="note">${esc(p)}</p>`).join('\n')}
<h2>Femto-containers per architecture</h2>
<p class="legend"><span style="background:${COLORS.startup}"></span>start-up <span style="background:${COLORS.exec}"></span>execution (median) <span style="background:${COLORS.native}"></span>native twin (median)</p>
${containerSection(doc.images)}
${doc.images.map(imageSection).join('\n')}
</body></html>
`;
}
