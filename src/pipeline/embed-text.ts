/** No tfjs import here: the main thread uses it too (the preview's token count). */
/** The text a paper is embedded by: title and abstract, or the title alone. */
export function embedText(title: string, abstract: string): string {
  const t = title.trim();
  const a = abstract.trim();
  if (!a) return t;
  if (!t) return a;
  return /[.!?]$/.test(t) ? `${t} ${a}` : `${t}. ${a}`;
}
