import { MAX_ROSTER_RECORD_BYTES, MAX_SYNTAX_ERRORS, RosterRecord, rosterRecords } from './roster-records';

async function all(csv: string | Buffer): Promise<RosterRecord[]> {
  const out: RosterRecord[] = [];
  for await (const r of rosterRecords(Buffer.isBuffer(csv) ? csv : Buffer.from(csv))) out.push(r);
  return out;
}

describe('reading a roster CSV: a line the parser cannot read is one row error, never the end of the file', () => {
  it('an unterminated quote on row 2 of 3: rows 1 and 3 are read, row 2 is a syntax error', async () => {
    expect(await all('h1,h2\na,b\n"c,d\ne,f\n')).toEqual([
      { cells: ['h1', 'h2'] },
      { cells: ['a', 'b'] },
      { syntaxError: expect.stringContaining('CSV_QUOTE_NOT_CLOSED') },
      { cells: ['e', 'f'] },
    ]);
  });

  it('keeps quoted commas, quotes and newlines, a BOM, CRLF and blank lines as CSV', async () => {
    expect(await all('\uFEFFh1,h2\r\n"a, b","say ""hi"""\r\n\r\nc,"x\r\ny"\r\n')).toEqual([
      { cells: ['h1', 'h2'] },
      { cells: ['a, b', 'say "hi"'] },
      { cells: ['c', 'x\r\ny'] },
    ]);
  });

  it('a stray closing quote mid-file and an over-long record are each one error; reading goes on', async () => {
    const long = 'x'.repeat(MAX_ROSTER_RECORD_BYTES + 10);
    const records = await all(`h\na\n"b"c\nd\n"${long}\ne\n`);
    expect(records).toEqual([
      { cells: ['h'] },
      { cells: ['a'] },
      { syntaxError: expect.stringContaining('CSV_') },
      { cells: ['d'] },
      { syntaxError: expect.stringContaining('CSV_') },
      { cells: ['e'] },
    ]);
  });

  it('reads rows across parser slices (a file larger than one slice)', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `row${i},"v,${i}"`);
    const records = await all(['h1,h2', ...rows].join('\n'));
    expect(records).toHaveLength(30_001);
    expect(records[30_000]).toEqual({ cells: ['row29999', 'v,29999'] });
  });

  it('past the syntax error limit, every remaining non-empty line is one row error', async () => {
    const bad = Array.from({ length: MAX_SYNTAX_ERRORS + 5 }, () => '"x"y');
    const records = await all(['h', ...bad, '', 'ok'].join('\n'));
    expect(records).toHaveLength(1 + MAX_SYNTAX_ERRORS + 5 + 1);
    expect(records.filter((r) => 'cells' in r)).toEqual([{ cells: ['h'] }]);
  });
});
