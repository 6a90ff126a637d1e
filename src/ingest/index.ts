/** The ingest layer's public API: one parser per format, detection, decoding, dedupe. */
export type { InputFile } from './common.ts';
export { LONG_TEXT_CHARS, NO_PAPERS_MESSAGE, normaliseText, parseArxivId, splitAuthors } from './common.ts';
export { decodeText, NOT_UTF8_MESSAGE, type Decoded } from './decode.ts';
export { detectArxivIds, detectFormat, listingEvidence, type DetectedFormat } from './detect.ts';
export { dedupe } from './dedupe.ts';
export { ARXIV_IDS_MESSAGE, NOT_A_FORMAT_MESSAGE, ingestFiles, ingestText, type IngestOptions } from './ingest.ts';
export { parseListing } from './listing.ts';
export { parseCsv, type CsvOptions, type CsvResult } from './csv.ts';
export { guessMapping, type ColumnMapping } from './mapping.ts';
export { parseJson, parseJsonl } from './json.ts';
export { parseBibtex } from './bibtex.ts';
export { parseRis } from './ris.ts';
export { parseTagged, type TaggedDialect } from './tagged.ts';
