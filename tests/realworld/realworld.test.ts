/**
 * Every file in ../shared/data/realworld-exports (real exports from reference managers,
 * databases and other projects' parser tests; sources in its SOURCES.md) through the app's own
 * ingest (IngestBatch, bytes in). Expected paper counts (records with a title or an abstract)
 * come from tests/realworld/count_records.py, which counts with Python's csv/json modules and
 * format markers, independently of Paperscope; the sampled first title and first author were
 * checked by eye against each file. Skips, saying why, when ../shared is absent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { IngestBatch } from '../../src/app/ingest-batch.ts';
import { describeWithData, sharedData } from '../shared-data.ts';

const DIR = sharedData('realworld-exports');

interface Expected {
  papers: number;
  format: string;
  /** Start of the first paper's title. */
  title?: string;
  /** The first paper's first author. */
  author?: string;
  abstract?: string;
}

const EXPECTED = new Map<string, Expected>([
  ['bibtex/acl-dblp-scholar-anthology.bib', { papers: 233, format: 'bibtex', title: "Finding the Optimal Vocabulary Size for Neural M", author: "Thamme Gowda" }],
  ['bibtex/bbt-percent-preamble-95-96.bib', { papers: 1, format: 'bibtex', title: "Synthesis and electrochromic study of sol-gel cu", author: "O. Akhavan" }],
  ['bibtex/bbt-unabbreviate-1436-3.bib', { papers: 7166, format: 'bibtex', title: "The Fabrication of White Light-Emitting Diodes U", author: "Mazhar Ali Abbasi" }],
  ['bibtex/biblatex-apa-test-references.bib', { papers: 209, format: 'bibtex', title: "Withering Worrying", author: "K. Meyers" }],
  ['bibtex/bibtexparser-gbk_test.bib', { papers: 1, format: 'bibtex', title: "Test Title", author: "凯撒" }],
  ['bibtex/dblp.bib', { papers: 78, format: 'bibtex', title: "Conflict-Free Replicated Data Types", author: "Marc Shapiro" }],
  ['bibtex/jabref-authors.bib', { papers: 212, format: 'bibtex', title: "CORDIC II: A New Improved CORDIC Algorithm", author: "Mario Garrido" }],
  ['bibtex/jabref-groups-97.bib', { papers: 901, format: 'bibtex', title: "Determination of the Thickness and Refractive In", author: "M. E. Abu-Zeid" }],
  ['bibtex/jabref-tiny-LE-withBOM.bib', { papers: 1, format: 'bibtex', title: "Investigation of the best suture pattern to clos", author: "D. Verwilghen" }],
  ['bibtex/jabref-utf8-bom.bib', { papers: 1, format: 'bibtex', title: "Pi Calculus Versus Petri Nets: Let Us Eat Humble", author: "W.M.P. van der Aalst" }],
  ['bibtex/orcid-PaglioneBibTeX.bib', { papers: 55, format: 'bibtex', title: "A Mapping Survey of the 13CO and 12CO Emission i", author: "T.A.D. Paglione" }],
  ['bibtex/scopus-export.bib', { papers: 3, format: 'bibtex', title: "Soil fauna diversity at different stages of reed", author: "W. Li" }],
  ['bibtex/zotero-slr-new-collection.bib', { papers: 467, format: 'bibtex', title: "Advanced Plasmonic Resonance-enhanced Biosensor ", author: "R. Uma Maheshwari" }],
  ['bibtex/citation-js/commands.bib', { papers: 5, format: 'bibtex', title: "url: https://example.org" }],
  ['bibtex/citation-js/math.bib', { papers: 1, format: 'bibtex', title: "e=mc²" }],
  ['bibtex/zotero-BibTeX-testcases/case01.bib', { papers: 1, format: 'bibtex', title: "The physical volcanology of the 1600 eruption of", author: "Nancy K Adams" }],
  ['bibtex/zotero-BibTeX-testcases/case03.bib', { papers: 2, format: 'bibtex', title: "Some publication title", author: "First Author" }],
  ['bibtex/zotero-BibTeX-testcases/case05.bib', { papers: 1, format: 'bibtex', title: "USGS monitoring ecological impacts", author: "A Oliveira" }],
  ['bibtex/zotero-BibTeX-testcases/case07.bib', { papers: 1, format: 'bibtex', title: "Test of markupconversion: Italics, bold, supersc", author: "U. Fritz" }],
  ['bibtex/zotero-BibTeX-testcases/case09.bib', { papers: 7, format: 'bibtex', title: "Zotero: single attachment" }],
  ['bibtex/zotero-BibTeX-testcases/case11.bib', { papers: 1, format: 'bibtex', title: "Increasing cardiopulmonary resuscitation provisi", author: "Comilla Sasson" }],
  ['bibtex/zotero-BibTeX-testcases/case13.bib', { papers: 1, format: 'bibtex', title: "Testing identifier import chapter", author: "John Smith" }],
  ['bibtex/zotero-BibTeX-testcases/case15.bib', { papers: 1, format: 'bibtex', title: "Trajectory Pattern Mining", author: "Fosca Giannotti" }],
  ['bibtex/zotero-BibTeX-testcases/case17.bib', { papers: 1, format: 'bibtex', title: "Búsáhaldabyltingin : Pólitískt jafnræði og þáttt", author: "Eva H. Önnudóttir" }],
  ['bibtex/zotero-BibTeX-testcases/case19.bib', { papers: 1, format: 'bibtex', title: "The impossible TEL—book" }],
  ['bibtex/zotero-BibTeX-testcases/case21.bib', { papers: 1, format: 'bibtex', title: "Benchmarking Methodology for EVPN and PBB-EVPN", author: "sudhin jacob" }],
  ['bibtex/zotero-BibTeX-testcases/case23.bib', { papers: 1, format: 'bibtex', title: "Production of Σ⁰ Hyperon and Search of Σ⁰ Hypern", author: "Alexander Borissov" }],
  ['csv/asreview-generic_semicolon.csv', { papers: 2, format: 'csv', title: "Title of reference", author: "Karl Marx" }],
  ['csv/litstudy-ieee_1.csv', { papers: 100, format: 'csv', title: "Exploring a multi-resolution GPU programming mod", author: "A. Hayashi" }],
  ['csv/litstudy-springer.csv', { papers: 18, format: 'csv', title: "Graph-Based Load Balancing Model for Exascale Co", author: "Araz R. Aliev" }],
  ['csv/openreview-ICML19_paper.csv', { papers: 1546, format: 'csv', title: "Challenging Common Assumptions in the Unsupervis" }],
  ['csv/screening-refs.csv', { papers: 243, format: 'csv', title: "Considerations for upscaling individual effects ", author: "R May" }],
  ['csv/zotero-pybiblio-exported-items.csv', { papers: 106, format: 'csv', title: "Meditation and Its Regulatory Role on Sleep", author: "Ravindra P. Nagendra" }],
  ['json/hf-daily-papers-2024-06-14.json', { papers: 28, format: 'json', title: "Depth Anything V2", author: "Lihe Yang" }],
  ['json/manubot-csl-references.json', { papers: 258, format: 'json', title: "Early Drift Detection Method", author: "Manuel Baena-García" }],
  ['jsonl/kaggle-arxiv-metadata-head.json', { papers: 200, format: 'jsonl', title: "Calculation of prompt diphoton production cross ", author: "C. Balázs" }],
  ['other/rispy-example_wos-tagged.ris', { papers: 2, format: 'wos', title: "Interactions stabilizing the structure of the co", author: "PS Parkes-Loach" }],
  ['other/wos-plaintext-savedrecs.txt', { papers: 32, format: 'wos', title: "EXPERIMENTS IN PHENOMENOLOGICAL ELECTRODYNAMICS ", author: "I BREVIK" }],
  ['ris/asreview-baseline_zotero.ris', { papers: 100, format: 'ris', title: "An open source machine learning framework for ef", author: "Rens van de Schoot" }],
  ['ris/asreview-faulty_year.ris', { papers: 1, format: 'ris', title: "The Value of Radiologic Interventions and 18 F-D" }],
  ['ris/asreview-proquest.ris', { papers: 6, format: 'ris', title: "Predictors of posttraumatic stress symptom traje", author: "Hannah Jones" }],
  ['ris/asreview-pubmed_zotero.ris', { papers: 6, format: 'ris', title: "The importance of cognitive flexibility and flex", author: "Agata Rudnik" }],
  ['ris/asreview-ris_issue_992.txt', { papers: 19, format: 'ris', title: "Overcoming Medication Reconciliation Challenges" }],
  ['ris/asreview-scopus.ris', { papers: 6, format: 'ris', title: "Stress and the brain-gut axis in functional and ", author: "A. Labanski" }],
  ['ris/jabref-RisImporterTest5a.ris', { papers: 1, format: 'ris', title: "Release profile of ibuprofen in β-cyclodextrin c", author: "P. J. Salustio" }],
  ['ris/revtools-avian_ecology.ris', { papers: 20, format: 'ris', title: "Modelling future scenarios to improve woodland l", author: "A.I. Leal" }],
  ['ris/synthesisr-ASP_ris_example.ris', { papers: 4, format: 'ris', title: "“Living on the edge”: The role of field margins ", author: "Ruth Rodríguez-Pastor" }],
  ['ris/synthesisr-citesource_issue_24.ris', { papers: 17, format: 'ris', title: "Effects of artificial light on bird movement and", author: "Carrie Ann Adams" }],
  ['ris/zotero-slr-exported-items.ris', { papers: 467, format: 'ris', title: "Advanced Plasmonic Resonance-enhanced Biosensor ", author: "R. Uma Maheshwari" }],
  ['ris/rispy/example_bom.ris', { papers: 0, format: 'ris' }],
  ['ris/rispy/example_extraneous_data.ris', { papers: 2, format: 'ris', title: "Title of reference", author: "Karl Marx" }],
  ['ris/rispy/example_multiline.ris', { papers: 3, format: 'ris', title: '', abstract: 'first line, ER then second line and at the end the last line' }],
  ['ris/zotero-RIS-testcases/case01.ris', { papers: 1, format: 'ris', title: "Blood-brain barrier breach following cortical co", author: "S.A. Baldwin" }],
  ['ris/zotero-RIS-testcases/case03.ris', { papers: 48, format: 'ris', title: "Title", author: "Author Name1" }],
  ['ris/zotero-RIS-testcases/case05.ris', { papers: 39, format: 'ris', title: "Act Name", author: "Author2 Name2 Author Name" }],
  ['ris/zotero-RIS-testcases/case07.ris', { papers: 1, format: 'ris', title: "Eigentumsverfassung und Finanzkrise", author: "Otto Depenheuer" }],
  ['ris/zotero-RIS-testcases/case09.ris', { papers: 1, format: 'ris', title: "Mixed author tags", author: "Danko Georgiev" }],
  ['ris/zotero-RIS-testcases/case11.ris', { papers: 1, format: 'ris', title: "Moving language: Mothers’ verbs correspond to in", author: "Kelsey Louise West" }],
  ['tsv/wos-savedrecs-search_2019-02-13-utf16.txt', { papers: 243, format: 'tsv', title: "Considerations for upscaling individual effects ", author: "R. May" }],
]);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (name !== 'SOURCES.md') out.push(relative(DIR, p));
  }
  return out.sort();
}

/** What a tag-line, a header row or leftover LaTeX looks like when it wrongly becomes a paper or a name. */
const JUNK_TITLE = /^(?:PT|PMID|TY|FN|VR|AU|TI|ER)\s*-?\s|^(?:PT\tAU|"?STUDY_ID)/;

describeWithData('realworld-exports/SOURCES.md', 'real-world exports: nothing lost, nothing invented', () => {
  it('has an expected count for every file in the folder', () => {
    expect(listFiles(DIR)).toEqual([...EXPECTED.keys()].sort());
  });

  for (const [rel, exp] of EXPECTED) {
    it(`${rel}: ${exp.papers} papers as ${exp.format}`, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, rel)));
      const name = rel.split('/').pop()!;
      const { result, files } = new IngestBatch([{ name, bytes }]).run();
      const { papers } = result;
      expect(files[0].format).toBe(exp.format);
      expect(papers).toHaveLength(exp.papers);
      if (exp.title !== undefined) expect(papers[0].title.startsWith(exp.title)).toBe(true);
      if (exp.author !== undefined) expect(papers[0].authors[0]).toBe(exp.author);
      if (exp.abstract !== undefined) expect(papers[0].abstract).toBe(exp.abstract);
      const junk = papers.filter((p) => JUNK_TITLE.test(p.title)).map((p) => p.title);
      expect(junk, 'junk titles').toEqual([]);
      const authors = papers.flatMap((p) => p.authors);
      expect(authors.filter((a) => a.toLowerCase() === 'others'), '"others" as an author').toEqual([]);
      // An accent command or a brace left over from LaTeX.
      expect(authors.filter((a) => /\\['"`^~]|\\[A-Za-z]+\{|[{}]/.test(a)), 'LaTeX left in authors').toEqual([]);
    });
  }
});
