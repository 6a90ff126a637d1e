/**
 * `npm run parse`: the preview in the terminal, from the same code as the app (IngestBatch).
 * Runs the real command once on two synthetic fixtures and a file of no known format.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from './fixture.ts';

describe('npm run parse', () => {
  it('prints papers per file, format, exporter and problems with rows, and writes --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-parse-'));
    const log = join(dir, 'server.log');
    writeFileSync(log, '2024-01-01 12:00:01 INFO start\n2024-01-01 12:00:02 INFO ok\n');
    const out = join(dir, 'out.json');
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'cli/parse.ts', fixturePath('formats/ieee.csv'), fixturePath('formats/pubmed.nbib'), log, '--json', out],
      { encoding: 'utf8' },
    );
    expect(stdout).toMatch(/^ieee\.csv: 1 paper, csv \(IEEE Xplore\), utf-8$/m);
    expect(stdout).toMatch(/^server\.log: 0 papers, unknown/m);
    expect(stdout).toMatch(/error: not a format Paperscope reads: it looks like plain text/);
    expect(stdout).toMatch(/^total: 3 paper\(s\) from 3 file\(s\)$/m);
    expect(stdout).toMatch(/^pubmed\.nbib: 2 papers, medline, utf-8$/m);
    expect(stdout).toMatch(/1\. Sleep duration and memory consolidation/);
    expect(stdout).toMatch(/warning: row 2, line \d+: no abstract/);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { files: Array<{ name: string; count: number; format: string; exporter?: string }>; papers: unknown[]; problems: Array<{ file: string; message: string }> };
    expect(json.files.map((f) => [f.name, f.count, f.format, f.exporter])).toEqual([
      ['ieee.csv', 1, 'csv', 'IEEE Xplore'],
      ['pubmed.nbib', 2, 'medline', undefined],
      ['server.log', 0, 'unknown', undefined],
    ]);
    expect(json.papers).toHaveLength(3);
    expect(json.problems.some((p) => p.file === 'server.log' && p.message.startsWith('not a format Paperscope reads'))).toBe(true);
  });
});
