import { parse, Parser } from 'csv-parse';

/** A roster row is at most a few KiB (ten fields, none over 200 characters); more is a broken quote. */
export const MAX_ROSTER_RECORD_BYTES = 64 * 1024;
/** Lines read past a syntax error before the rest of the file is counted without being parsed. */
export const MAX_SYNTAX_ERRORS = 1_000;
const SLICE_BYTES = 256 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;

/** One record of the CSV (the header first), or one line the parser could not read. */
export type RosterRecord = { cells: string[] } | { syntaxError: string };

/** Byte offsets of line starts, found on demand: every line of the file is scanned once. */
class Lines {
  private offset: number;
  private line = 1;
  constructor(
    private readonly csv: Buffer,
    start: number,
  ) {
    this.offset = start;
  }

  /** Moves to the start of `line` (1-based, counted from where this reader began). */
  seek(line: number): number {
    while (this.line < line && this.offset < this.csv.length) {
      const next = this.csv.indexOf(LF, this.offset);
      this.offset = next < 0 ? this.csv.length : next + 1;
      this.line += 1;
    }
    return this.offset;
  }

  /** The first line at or after the current one with something on it, and where the line after it starts. */
  nextNonEmpty(): { start: number; end: number; line: number } | undefined {
    while (this.offset < this.csv.length) {
      const next = this.csv.indexOf(LF, this.offset);
      const end = next < 0 ? this.csv.length : next + 1;
      const blank = this.csv.subarray(this.offset, end).toString('latin1').trim() === '';
      const here = { start: this.offset, end, line: this.line };
      this.offset = end;
      this.line += 1;
      if (!blank) return here;
    }
    return undefined;
  }
}

/**
 * The roster's records in order, streamed through csv-parse. A line the parser cannot read (an
 * unterminated quote, a stray quote, a record over MAX_ROSTER_RECORD_BYTES) becomes one
 * `syntaxError` record and reading starts again on the next line, so every row before and after
 * it is still read and counted. After MAX_SYNTAX_ERRORS such lines, each remaining non-empty line
 * is one `syntaxError` record without being parsed (the file is not a roster any more).
 */
export async function* rosterRecords(csv: Buffer): AsyncGenerator<RosterRecord> {
  let start = csv.subarray(0, BOM.length).equals(BOM) ? BOM.length : 0;
  let errors = 0;
  while (start < csv.length) {
    if (errors >= MAX_SYNTAX_ERRORS) {
      const rest = new Lines(csv, start);
      for (let line = rest.nextNonEmpty(); line; line = rest.nextNonEmpty())
        yield { syntaxError: `not read: more than ${MAX_SYNTAX_ERRORS} lines of the file are not CSV` };
      return;
    }
    const records: Array<{ cells: string[]; lines: number }> = [];
    const parser = parse({
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROSTER_RECORD_BYTES,
      // Records are taken here, in order, and never buffered in the stream: nothing is lost on an error.
      on_record: (cells: string[], context: { lines: number }) => {
        records.push({ cells, lines: context.lines });
        return undefined;
      },
    });
    let lastLine = 0;
    let failure: (Error & { code?: string }) | undefined;
    for (let at = start; !failure; at += SLICE_BYTES) {
      failure = at < csv.length ? await write(parser, csv.subarray(at, at + SLICE_BYTES)) : await end(parser);
      for (const r of records) yield { cells: r.cells };
      if (records.length > 0) lastLine = records[records.length - 1].lines;
      records.length = 0;
      if (at >= csv.length) break;
    }
    if (!failure) return;
    // The failed record starts on the first non-empty line after the last record read.
    const lines = new Lines(csv, start);
    lines.seek(lastLine + 1);
    const bad = lines.nextNonEmpty();
    if (!bad) return;
    errors += 1;
    yield { syntaxError: `CSV syntax error (${failure.code ?? failure.message}); the line was skipped` };
    start = bad.end;
  }
}

/** Resolves with the parser's error, if any: the 'error' event is also observed, so never unhandled. */
function settle(parser: Parser, act: (done: (e?: Error | null) => void) => void): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const onError = (e: Error) => resolve(e);
    parser.on('error', onError);
    act((e) => {
      // A write's error is reported here and, a tick later, as an 'error' event: keep a listener.
      if (e) parser.on('error', () => undefined);
      parser.off('error', onError);
      resolve(e ?? undefined);
    });
  });
}

const write = (parser: Parser, slice: Buffer) => settle(parser, (done) => parser.write(slice, done));
const end = (parser: Parser) => settle(parser, (done) => parser.end(done));
