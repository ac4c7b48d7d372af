/** The sdk's attachment helpers (the upload itself is tested against a server in packages/server/test). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentTypeOf } from '../src/attachments.ts';

test('a file\'s content type is the browser\'s; when the browser has none, the supported type its extension names', () => {
  assert.equal(contentTypeOf(new Blob(['x'], { type: 'application/pdf' }), 'scan.bin'), 'application/pdf');
  assert.equal(contentTypeOf(new Blob(['x']), 'IMG_0001.HEIC'), 'image/heic');
  assert.equal(contentTypeOf(new Blob(['x']), 'photo.jfif'), 'image/jpeg');
  assert.equal(contentTypeOf(new Blob(['x']), 'sheet.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  // Unknown: a type the server refuses with a clear message.
  assert.equal(contentTypeOf(new Blob(['x']), 'archive.7z'), 'application/octet-stream');
  assert.equal(contentTypeOf(new Blob(['x']), 'README'), 'application/octet-stream');
});
