// @vitest-environment jsdom
import { describe, it, expect, vi } from 'vitest';
import { download, fileStem } from '../../src/export/index.ts';

describe('download', () => {
  it('clicks a temporary <a download> for an object URL, removes it, and revokes the URL later', async () => {
    vi.useFakeTimers();
    const created: Blob[] = [];
    const revoked: string[] = [];
    URL.createObjectURL = (b: Blob) => { created.push(b); return 'blob:test/1'; };
    URL.revokeObjectURL = (u: string) => { revoked.push(u); };
    const clicked: HTMLAnchorElement[] = [];
    const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this); });

    download('list.md', '# hi', 'text/markdown');
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('list.md');
    expect(clicked[0].getAttribute('href')).toBe('blob:test/1');
    expect(clicked[0].isConnected).toBe(false);
    expect(await created[0].text()).toBe('# hi');
    expect(created[0].type).toBe('text/markdown');
    expect(revoked).toEqual([]);
    vi.runAllTimers();
    expect(revoked).toEqual(['blob:test/1']);
    spy.mockRestore();
    vi.useRealTimers();
  });
});

describe('fileStem', () => {
  it('makes a safe file name from a label', () => {
    expect(fileStem('Graph · Neural/Networks <x>')).toBe('graph-neural-networks-x');
    expect(fileStem('../../')).toBe('paperscope');
  });
});
