/**
 * A short fingerprint of a corpus (ids, titles, abstracts, in order), so the main
 * thread and the pipeline worker can tell whether they hold the same corpus
 * (a session opened or a run cancelled leaves the worker with another one).
 */
export function corpusKey(papers: readonly { id: string; title: string; abstract: string }[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 ^ c, 2246822519) ^ (h2 >>> 13);
    }
    h1 = Math.imul(h1 ^ 0x1f, 16777619);
    h2 = Math.imul(h2 ^ 0x1f, 2246822519);
  };
  for (const p of papers) {
    mix(p.id);
    mix(p.title);
    mix(p.abstract);
  }
  return `${papers.length}:${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}
