import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeMachine, fakeElfFile, type Step } from './fake.js';
import { measureRun, imageReport, reportDocument, REPORT_SCHEMA_VERSION, type ReportDocument } from '../../machine/report.js';
import { compareReports, compareMarkdown, compareJUnit, validateReport } from '../../machine/compare.js';
import { renderHtml } from '../../machine/html.js';
import { formatDemo, runDemo } from '../../machine/commands.js';
import { main } from '../../machine/cli.js';
import { UserError } from '../../machine/errors.js';

const FNS: Record<string, [number, number]> = {
  main: [0x100, 0x40],
  fc_container_start: [0x140, 0x40],
  fc_container_run: [0x180, 0x40],
  native_app: [0x1c0, 0x40],
};
const script = (runCycles = 200): Step[] => [
  { at: 10, kind: 'call', from: 0x110, to: 0x140, args: [0x2000_0100, 0x2000_0000] },
  { at: 110, kind: 'ret', from: 0x150, to: 0x114 },
  { at: 120, kind: 'call', from: 0x118, to: 0x180, args: [0x2000_0100] },
  { at: 120 + runCycles, kind: 'ret', from: 0x190, to: 0x11c },
  { at: 130 + runCycles, kind: 'call', from: 0x120, to: 0x1c0 },
  { at: 180 + runCycles, kind: 'ret', from: 0x1d0, to: 0x124 },
  { at: 200 + runCycles, kind: 'exit' },
];
const data = { addr: 0x2000_0000, bytes: new TextEncoder().encode('app\0') };

function doc(runCycles = 200): ReportDocument {
  const { machine, image } = fakeMachine(FNS, script(runCycles), data);
  return reportDocument([imageReport(measureRun(machine, image, {}, { measure: ['native_app'] }))]);
}

describe('report document', () => {
  it('holds the versioned schema fields', () => {
    const d = doc();
    expect(d.schema).toBe('femtosim-report');
    expect(d.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    const im = d.images[0];
    expect(im.key).toBe('fake-nrf:fake.elf');
    expect(im.elfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect([im.board, im.arch, im.clockHz]).toEqual(['fake-nrf', 'arm', 64_000_000]);
    expect(im.run.cycles).toBe(400);
    expect(im.run.stopReason).toBe('exit');
    expect(im.footprint.flashLimit).toBe(0x10_0000);
    expect(im.footprint.flash).toBe(0x2000);
    expect(im.measured).toEqual([{ name: 'native_app', count: 1, min: 50, median: 50, max: 50, total: 50 }]);
    const c = im.containers!.containers[0];
    expect(im.containers!.engine).toBe('femtosim-fc');
    expect([c.name, c.startupCycles, c.runs, c.execCycles.median, c.native!.medianCycles, c.ratio]).toEqual(['app', 100, 1, 200, 50, 4]);
    expect(im.energy.available).toBe(true);
    expect((im.energy as { totalUj: number }).totalUj).toBeCloseTo(400 * 1.546875e-4, 6);
    expect(im.topFunctions[0].name).toBe('fc_container_run');
  });

  it('is byte-identical for the same input', () => {
    expect(JSON.stringify(doc())).toBe(JSON.stringify(doc()));
  });
});

describe('compare (CI gate)', () => {
  it('passes when HEAD equals BASE', () => {
    const c = compareReports(doc(), doc());
    expect(c.regressions).toBe(0);
    expect(c.rows.find((r) => r.metric === 'run cycles')!.status).toBe('ok');
  });

  it('fails on a cycle regression past the tolerance and passes within it', () => {
    const base = doc(200);
    const head = doc(220); // +20 cycles: run 400 -> 420 (+5%), execution 200 -> 220 (+10%)
    const strict = compareReports(base, head);
    expect(strict.regressions).toBe(2);
    expect(strict.rows.filter((r) => r.status === 'regression').map((r) => r.metric)).toEqual(['run cycles', 'app execution median cycles']);
    expect(compareReports(base, head, { cyclesTolerancePct: 5 }).regressions).toBe(1);
    expect(compareReports(base, head, { cyclesTolerancePct: 10 }).regressions).toBe(0);
    expect(compareReports(head, base).rows.find((r) => r.metric === 'run cycles')!.status).toBe('improved');
  });

  it('gates sizes by bytes', () => {
    const base = doc();
    const head = structuredClone(base);
    head.images[0].footprint.flash += 16;
    expect(compareReports(base, head).regressions).toBe(1);
    expect(compareReports(base, head, { sizeToleranceBytes: 15 }).regressions).toBe(1);
    expect(compareReports(base, head, { sizeToleranceBytes: 16 }).regressions).toBe(0);
  });

  it('prints a Markdown table and JUnit XML with one failure per regression', () => {
    const c = compareReports(doc(200), doc(220), { cyclesTolerancePct: 5 });
    const md = compareMarkdown(c);
    expect(md).toMatch(/^### femtosim: 1 regression$/m);
    expect(md).toContain('| image | metric | base | head | change | status |');
    expect(md).toContain('| fake-nrf:fake.elf | app execution median cycles | 200 | 220 | +20 (+10.00%) | ❌ regression |');
    expect(md).toContain('| fake-nrf:fake.elf | run cycles | 400 | 420 | +20 (+5.00%) | ✅ ok |');
    const x = compareJUnit(c);
    expect(x.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(x.match(/<failure /g)!.length).toBe(1);
    expect(x).toMatch(/<testsuite name="femtosim compare" tests="\d+" failures="1"/);
    expect(x).toContain('app execution median cycles: 200 -&gt; 220');
  });

  it('rejects documents that are not reports', () => {
    expect(() => validateReport({ schema: 'x' }, 'a.json')).toThrow(UserError);
    expect(() => validateReport({ schema: 'femtosim-report', schemaVersion: 99, images: [] }, 'a.json')).toThrow(/version 99/);
    expect(() => validateReport({ schema: 'femtosim-report', schemaVersion: 1, images: [{}] }, 'a.json')).toThrow(/images\[0\]/);
  });
});

describe('HTML report', () => {
  it('is self-contained: inline SVG, no external reference', () => {
    const html = renderHtml(doc());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<script|<link /);
    expect(html).toContain('app');
    expect(html).toContain('fc_container_run');
  });
});

describe('demo', () => {
  it('reports boards it cannot run instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-demo-'));
    const res = runDemo({ root: dir });
    expect(res.every((r) => r.status === 'missing-firmware')).toBe(true);
    expect(formatDemo(res)).toMatch(/nrf52840dk \(arm\): not run: no demo firmware/);
  });
});

describe('CLI (in process)', () => {
  let out = '';
  let err = '';
  afterEach(() => vi.restoreAllMocks());
  async function cli(args: string[]) {
    await import('../../machine/commands.js');
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    const code = await main(args);
    vi.restoreAllMocks();
    return code;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fs-measure-'));

  it('profile writes the table, folded stacks and speedscope JSON', async () => {
    const elf = fakeElfFile(join(dir, 'p.elf'), FNS, script(), data);
    const folded = join(dir, 'p.folded');
    const ss = join(dir, 'p.speedscope.json');
    const code = await cli(['profile', elf, '--board', 'fake-nrf', '--folded', folded, '--speedscope', ss, '--measure', 'fc_container_run']);
    expect(code).toBe(0);
    expect(out).toMatch(/profile: 400 cycles/);
    expect(out).toMatch(/\s1\s+200\s+200\s+200\s+200  fc_container_run/);
    expect(err).toMatch(/energy\s+0\.062 µJ/);
    expect(readFileSync(folded, 'utf8')).toBe('main 50\nmain;fc_container_run 200\nmain;fc_container_start 100\nmain;native_app 50\n');
    const s = JSON.parse(readFileSync(ss, 'utf8'));
    expect(s.profiles[0].type).toBe('sampled');
  });

  it('report + compare: exit 0 on no regression, 1 on a regression, 2 on bad input; JUnit written', async () => {
    const a = fakeElfFile(join(dir, 'a.elf'), FNS, script(200), data);
    expect(await cli(['report', a, '--board', 'fake-nrf', '--json', join(dir, 'base.json')])).toBe(0);
    fakeElfFile(join(dir, 'a.elf'), FNS, script(300), data);
    expect(await cli(['report', a, '--board', 'fake-nrf', '--json', join(dir, 'head.json'), '--html', join(dir, 'r.html')])).toBe(0);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    expect(await cli(['compare', join(dir, 'base.json'), join(dir, 'base.json')])).toBe(0);
    expect(out).toMatch(/no regression/);
    const junit = join(dir, 'j.xml');
    expect(await cli(['compare', join(dir, 'base.json'), join(dir, 'head.json'), '--cycles-tolerance', '10', '--junit', junit])).toBe(1);
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure /);
    expect(await cli(['compare', join(dir, 'base.json'), join(dir, 'head.json'), '--cycles-tolerance', '60'])).toBe(0);
    writeFileSync(join(dir, 'bad.json'), '{"schema": "nope"}');
    expect(await cli(['compare', join(dir, 'bad.json'), join(dir, 'head.json')])).toBe(2);
    expect(err).toMatch(/bad\.json: not a femtosim report/);
    expect(await cli(['compare', join(dir, 'missing.json'), join(dir, 'head.json')])).toBe(2);
  });

  it('boards --power prints the models with their sources', async () => {
    expect(await cli(['boards', '--power'])).toBe(0);
    expect(out).toMatch(/nrf52840dk \(3 V/);
    expect(out).toMatch(/ICPU0/);
    expect(out).toMatch(/hifive1b[\s\S]*no datasheet figure/);
  });
});
