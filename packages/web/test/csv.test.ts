/** The reports' CSV writer (RFC 4180) and file names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvFileName, toCsv } from '../src/admin/csv.ts';

test('a plain field is written as it is', () => {
  assert.equal(csvField('BasicQueue'), 'BasicQueue');
  assert.equal(csvField(12.5), '12.5');
  assert.equal(csvField(''), '');
});

test('a field with a comma is enclosed in double quotes', () => {
  assert.equal(csvField('Sales, EMEA'), '"Sales, EMEA"');
});

test('a double quote inside a field is doubled, and the field quoted', () => {
  assert.equal(csvField('the "gold" queue'), '"the ""gold"" queue"');
  assert.equal(csvField('"'), '""""');
});

test('a field with a line break (LF, CR or CRLF) is quoted and keeps it', () => {
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
});

test('records are separated and ended by CRLF, fields by commas', () => {
  assert.equal(toCsv([['Queue', 'Contacts handled (count)'], ['Sales, EMEA', 3], ['say "hi"\nthere', 0]]),
    'Queue,Contacts handled (count)\r\n"Sales, EMEA",3\r\n"say ""hi""\nthere",0\r\n');
  assert.equal(toCsv([]), '');
});

test('what toCsv writes reads back field for field (a small RFC 4180 reader)', () => {
  const rows = [['a,b', 'c"d', 'e\r\nf', ''], ['plain', '"', ',', '\n']];
  assert.deepEqual(readCsv(toCsv(rows)), rows);
});

test('a file name holds the report and its range, with nothing a file system refuses', () => {
  assert.equal(csvFileName('Queue performance', '2026-12-01_to_2026-12-07'), 'queue-performance_2026-12-01_to_2026-12-07.csv');
  assert.equal(csvFileName('Agent / performance: "x"', '2026-12-07'), 'agent-performance-x_2026-12-07.csv');
});

/** Reads RFC 4180 CSV (records ended by CRLF). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  return rows;
}
