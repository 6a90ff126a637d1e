/**
 * Saves `content` as a file in the browser: Blob → object URL → a temporary
 * `<a download>` click. The URL is revoked on a later task, because revoking it in the
 * same task cancels the download in some browsers (Firefox, older Safari).
 * Nothing is uploaded; the bytes never leave the page.
 */
export function download(filename: string, content: string | Blob, mime: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A file-system-safe name stem from a cluster label or title: letters, digits, dashes; ≤ 60 chars. */
export function fileStem(text: string, fallback = 'paperscope'): string {
  const stem = text.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return stem.toLowerCase() || fallback;
}
