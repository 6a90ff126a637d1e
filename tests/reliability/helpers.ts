/** Shared helpers for the reliability catalogue tests: every export writer at once. */
import { buildProvenance, groupsForExport, toBibtex, toCsv, toJson, toMarkdown } from '../../src/export/index.ts';
import type { MapResult, Paper } from '../../src/types.ts';

/** Runs every text export writer over a map result; returns the four files. */
export async function exportAll(papers: Paper[], result: MapResult, labels = new Map<number, string>()) {
  const groups = groupsForExport(papers, result.layout, labels);
  const prov = await buildProvenance(papers, result.info, { exportedAt: '2025-01-01T00:00:00.000Z' });
  return { csv: toCsv(papers, groups, prov), json: toJson(papers, groups, prov), md: toMarkdown(papers, groups, prov), bib: toBibtex(papers, groups, prov) };
}

/** Index of the first lone UTF-16 surrogate in `s`, or -1 (a split emoji). */
export function loneSurrogateAt(s: string): number {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(s);
  return m ? m.index : -1;
}

/** Titles and abstracts in RTL scripts, CJK, emoji (surrogate pairs, ZWJ sequences, flags), with U+202E and zero-width characters. */
export const UNICODE_PAPERS = [
  { title: 'تعلم الآلة للغة العربية', abstract: 'نقدم نموذجا جديدا لتصنيف النصوص العربية باستخدام الشبكات العصبية.' },
  { title: 'למידה עמוקה לעיבוד שפה עברית', abstract: 'אנו מציגים שיטה חדשה לניתוח תחבירי של טקסט בעברית.' },
  { title: '大规模语言模型的高效推理', abstract: '我们提出一种新的量化方法，在保持精度的同时显著降低推理延迟。' },
  { title: '拡散モデルによる画像生成', abstract: '本研究では、拡散モデルを用いた高品質な画像生成手法を提案する。' },
  { title: 'Emoji 🧬🤖 in protein 👩‍🔬 design 🇪🇺', abstract: 'We fold proteins 🧬 with robots 🤖; scientists 👩🏽‍🔬 check 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math 𝑥².' },
  { title: 'Safe title \u202Egnp.exe\u202C here', abstract: 'An abstract hiding an override \u202Ein the middle\u202C of a sentence.' },
  { title: 'Zero\u200Bwidth\u200Cjoiners\u200Dand\uFEFFBOMs', abstract: 'Invisible\u200B characters\u2060 between words\u200B should not break anything.' },
  { title: 'Plain English control paper on graph neural networks', abstract: 'We study message passing on molecular graphs.' },
];
