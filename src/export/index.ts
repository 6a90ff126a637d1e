/** Export writers: pure functions from (papers, groups, provenance) to file text, plus the browser download. */
export { groupsForExport, UNCLUSTERED_ID, UNCLUSTERED_LABEL, type ExportGroup } from './groups.ts';
export { toCsv, csvCell, CSV_COLUMNS, CSV_STAMP_COLUMN } from './csv.ts';
export { toJson, type JsonExport, type ExportedPaper } from './json.ts';
export { toMarkdown, escapeMarkdown } from './markdown.ts';
export { toBibtex, escapeBibtex, keywordValue } from './bibtex.ts';
export { safeUrl, paperLink } from './safe-url.ts';
export { download, fileStem } from './download.ts';
export {
  sha256Hex, inputText, buildProvenance, stampLine, stampJson, APP_NAME, APP_VERSION,
  type Provenance, type ProvenanceOptions,
} from './provenance.ts';
