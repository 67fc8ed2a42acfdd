/**
 * The CI gate: compares two report documents (machine/report.ts, docs/report-schema.md) metric by
 * metric. Cycle metrics regress when HEAD exceeds BASE by more than the cycle tolerance (percent),
 * size metrics when HEAD exceeds BASE by more than the size tolerance (bytes). Energy is shown but
 * not gated (it follows cycles). Output: a Markdown table for a pull-request comment and, on
 * request, JUnit XML with one test case per gated metric.
 */
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type ReportDocument, type ImageReport } from './report.js';
import { UserError } from './errors.js';

export interface CompareOptions {
  /** Allowed cycle increase, percent of BASE (default 0). */
  cyclesTolerancePct?: number;
  /** Allowed size increase, bytes (default 0). */
  sizeToleranceBytes?: number;
}

export type MetricKind = 'cycles' | 'bytes' | 'uJ';
export type Status = 'ok' | 'regression' | 'improved' | 'added' | 'removed' | 'info';

export interface MetricRow {
  image: string;
  metric: string;
  kind: MetricKind;
  base: number | null;
  head: number | null;
  status: Status;
}

export interface CompareResult {
  rows: MetricRow[];
  regressions: number;
  options: Required<CompareOptions>;
}

/** Checks that a parsed JSON value is a report document; throws UserError naming the file otherwise. */
export function validateReport(doc: unknown, file: string): ReportDocument {
  const d = doc as Partial<ReportDocument> | null;
  if (!d || typeof d !== 'object') throw new UserError(`${file}: not a femtosim report (expected a JSON object)`);
  if (d.schema !== REPORT_SCHEMA) throw new UserError(`${file}: not a femtosim report (schema is ${JSON.stringify(d.schema)}, expected "${REPORT_SCHEMA}")`);
  if (d.schemaVersion !== REPORT_SCHEMA_VERSION)
    throw new UserError(`${file}: report schema version ${d.schemaVersion}, this femtosim reads version ${REPORT_SCHEMA_VERSION}`);
  if (!Array.isArray(d.images)) throw new UserError(`${file}: report has no "images" array`);
  for (const [i, im] of d.images.entries()) {
    if (!im || typeof im.key !== 'string' || typeof im.run?.cycles !== 'number' || typeof im.footprint?.flash !== 'number')
      throw new UserError(`${file}: images[${i}] lacks key, run.cycles or footprint.flash`);
  }
  return d as ReportDocument;
}

function metrics(im: ImageReport): Map<string, { kind: MetricKind; value: number }> {
  const m = new Map<string, { kind: MetricKind; value: number }>();
  m.set('run cycles', { kind: 'cycles', value: im.run.cycles });
  m.set('flash', { kind: 'bytes', value: im.footprint.flash });
  m.set('RAM', { kind: 'bytes', value: im.footprint.ram });
  for (const c of im.footprint.components ?? []) {
    if (c.name === 'other') continue;
    m.set(`flash of ${c.name}`, { kind: 'bytes', value: c.flash });
    m.set(`RAM of ${c.name}`, { kind: 'bytes', value: c.ram });
  }
  for (const x of im.measured ?? []) m.set(`${x.name} median cycles`, { kind: 'cycles', value: x.median });
  for (const c of im.containers?.containers ?? []) {
    m.set(`${c.name} start-up cycles`, { kind: 'cycles', value: c.startupCycles });
    if (c.runs > 0) m.set(`${c.name} execution median cycles`, { kind: 'cycles', value: c.execCycles.median });
    // Added in the same schema version: reports written before it have no verifyCycles.
    const v = (c as { verifyCycles?: { total: number } | null }).verifyCycles;
    if (v) m.set(`${c.name} verification cycles (total)`, { kind: 'cycles', value: v.total });
  }
  if (im.energy?.available && typeof im.energy.totalUj === 'number') m.set('energy µJ', { kind: 'uJ', value: im.energy.totalUj });
  return m;
}

export function compareReports(base: ReportDocument, head: ReportDocument, opts: CompareOptions = {}): CompareResult {
  const o = { cyclesTolerancePct: opts.cyclesTolerancePct ?? 0, sizeToleranceBytes: opts.sizeToleranceBytes ?? 0 };
  const rows: MetricRow[] = [];
  const keys = [...new Set([...base.images.map((i) => i.key), ...head.images.map((i) => i.key)])];
  for (const key of keys) {
    const b = base.images.find((i) => i.key === key);
    const h = head.images.find((i) => i.key === key);
    const bm = b ? metrics(b) : new Map();
    const hm = h ? metrics(h) : new Map();
    const names = [...new Set([...bm.keys(), ...hm.keys()])];
    for (const name of names) {
      const bv = bm.get(name);
      const hv = hm.get(name);
      const kind = (bv ?? hv)!.kind;
      let status: Status;
      if (!bv) status = 'added';
      else if (!hv) status = 'removed';
      else if (kind === 'uJ') status = 'info';
      else {
        const limit = kind === 'cycles' ? bv.value * (1 + o.cyclesTolerancePct / 100) : bv.value + o.sizeToleranceBytes;
        status = hv.value > limit ? 'regression' : hv.value < bv.value ? 'improved' : 'ok';
      }
      rows.push({ image: key, metric: name, kind, base: bv?.value ?? null, head: hv?.value ?? null, status });
    }
  }
  return { rows, regressions: rows.filter((r) => r.status === 'regression').length, options: o };
}

function num(v: number | null, kind: MetricKind): string {
  if (v === null) return '—';
  return kind === 'uJ' ? v.toFixed(3) : String(v);
}

function delta(r: MetricRow): string {
  if (r.base === null || r.head === null) return '—';
  const d = r.head - r.base;
  const p = r.base !== 0 ? ` (${d >= 0 ? '+' : ''}${((100 * d) / r.base).toFixed(2)}%)` : '';
  return `${d >= 0 ? '+' : ''}${r.kind === 'uJ' ? d.toFixed(3) : d}${p}`;
}

const ICON: Record<Status, string> = {
  ok: '✅ ok',
  improved: '✅ improved',
  regression: '❌ regression',
  added: '🆕 added',
  removed: '➖ removed',
  info: 'ℹ️',
};

export function compareMarkdown(c: CompareResult): string {
  const lines = [
    `### femtosim: ${c.regressions === 0 ? 'no regression' : `${c.regressions} regression${c.regressions > 1 ? 's' : ''}`}`,
    '',
    `Tolerances: cycles +${c.options.cyclesTolerancePct}%, sizes +${c.options.sizeToleranceBytes} bytes.`,
    '',
    '| image | metric | base | head | change | status |',
    '|---|---|---:|---:|---:|---|',
  ];
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  for (const r of c.rows) {
    lines.push(`| ${esc(r.image)} | ${esc(r.metric)} | ${num(r.base, r.kind)} | ${num(r.head, r.kind)} | ${delta(r)} | ${ICON[r.status]} |`);
  }
  return lines.join('\n') + '\n';
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function compareJUnit(c: CompareResult): string {
  const gated = c.rows.filter((r) => r.status !== 'info');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="femtosim compare" tests="${gated.length}" failures="${c.regressions}">`,
    `  <testsuite name="femtosim compare" tests="${gated.length}" failures="${c.regressions}" errors="0" skipped="0">`,
  ];
  for (const r of gated) {
    const name = xml(`${r.image} ${r.metric}`);
    if (r.status === 'regression') {
      const tol = r.kind === 'cycles' ? `${c.options.cyclesTolerancePct}%` : `${c.options.sizeToleranceBytes} bytes`;
      lines.push(`    <testcase classname="${xml(r.image)}" name="${name}">`);
      lines.push(`      <failure message="${xml(`${r.metric}: ${r.base} -> ${r.head} (${delta(r)}), tolerance ${tol}`)}" type="regression"/>`);
      lines.push('    </testcase>');
    } else {
      lines.push(`    <testcase classname="${xml(r.image)}" name="${name}"/>`);
    }
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}
