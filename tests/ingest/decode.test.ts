import { describe, it, expect } from 'vitest';
import { decodeText, ingestFiles, NOT_UTF8_MESSAGE } from '../../src/ingest/index.ts';
import { fixtureBytes } from './fixture.ts';

const enc = new TextEncoder();

describe('decodeText', () => {
  it('decodes valid UTF-8 without problems', () => {
    const d = decodeText(enc.encode('Café – naïve 🙂'));
    expect(d).toEqual({ text: 'Café – naïve 🙂', encoding: 'utf-8', problems: [] });
  });

  it('strips a UTF-8 BOM', () => {
    const d = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('title\n')]));
    expect(d.text).toBe('title\n');
    expect(d.encoding).toBe('utf-8');
  });

  it('detects UTF-16 LE and BE by their BOMs', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00]);
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe9]);
    expect(decodeText(le)).toMatchObject({ text: 'Aé', encoding: 'utf-16le' });
    expect(decodeText(be)).toMatchObject({ text: 'Aé', encoding: 'utf-16be' });
  });

  it('P7: a windows-1252 file falls back with a warning and never yields U+FFFD', () => {
    const d = decodeText(fixtureBytes('windows-1252.csv'), undefined, 'windows-1252.csv');
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).not.toContain('\ufffd');
    expect(d.text).toContain('Café Recommendations With Naïve Bayes');
    expect(d.text).toContain('menu text – a simple');
    expect(d.problems).toEqual([{ severity: 'warning', message: NOT_UTF8_MESSAGE, file: 'windows-1252.csv' }]);
  });

  it('P7: an explicit encoding from the picker is honoured', () => {
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9]);
    expect(decodeText(bytes, 'iso-8859-2').text).toBe('Café');
    expect(decodeText(bytes, 'windows-1252').problems).toEqual([]);
  });

  it('P7: ingestFiles reports the fallback and reads the papers', () => {
    const r = ingestFiles([{ name: 'w.csv', bytes: fixtureBytes('windows-1252.csv') }]);
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0].authors).toEqual(['Renée Dubois']);
    expect(r.problems.some((p) => p.message === NOT_UTF8_MESSAGE && p.file === 'w.csv')).toBe(true);
  });
});
