// A small CSV reader for spreadsheet exports: comma, tab or semicolon separated (detected from the
// header), quoted fields with separators, line breaks and doubled quotes, and physical line numbers.

export type CsvDelimiter = ',' | '\t' | ';';

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  delimiter: CsvDelimiter;
  problems: { line: number; message: string }[];
}

/** The separator that occurs most often, outside quotes, in the first record. Comma on a tie. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && (c === ',' || c === '\t' || c === ';')) counts[c]++;
  }
  let best: CsvDelimiter = ',';
  for (const d of ['\t', ';'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): CsvParseResult {
  const records: CsvRecord[] = [];
  const problems: CsvParseResult['problems'] = [];
  let fields: string[] = [];
  let field = '';
  let fieldWasQuoted = false;
  let inQuotes = false;
  let quoteLine = 0;
  let line = 1;
  let recordLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        field += '\n';
        line++;
      } else {
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldWasQuoted && field.trim() === '') {
      // Spaces before an opening quote are dropped, as spreadsheets do.
      field = '';
      inQuotes = true;
      fieldWasQuoted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // A stray quote inside an unquoted field, or text after a closing quote, is kept as written.
      field += c;
    }
  }
  if (inQuotes) {
    problems.push({ line: quoteLine, message: 'a quoted field is never closed (a closing " is missing)' });
  }
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return { records, delimiter, problems };
}
