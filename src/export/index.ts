/** Export writers: pure functions from (papers, groups, provenance) to file text, plus the browser download. */
export { groupsForExport, groupsTask, UNCLUSTERED_ID, UNCLUSTERED_LABEL, type ExportGroup } from './groups.ts';
export { toCsv, csvParts, csvCellParts, csvCell, CSV_COLUMNS, CSV_STAMP_COLUMN } from './csv.ts';
export { toJson, jsonExportParts, jsonParts, type JsonExport, type ExportedPaper } from './json.ts';
export { toMarkdown, markdownParts, escapeMarkdown } from './markdown.ts';
export { toBibtex, bibtexParts, escapeBibtexParts, escapeBibtex, keywordValue } from './bibtex.ts';
export { safeUrl, paperLink } from './safe-url.ts';
export { download, fileStem } from './download.ts';
export {
  sha256Hex, inputText, inputBytes, inputDigest, buildProvenance, stampLine, stampJson, APP_NAME, APP_VERSION,
  type Provenance, type ProvenanceOptions,
} from './provenance.ts';
