import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocumentKind, type SniffHints, sniffDocument } from '../../../src/ingest/documents/document-sniff.js';
import { statementPdf } from '../../fixtures/documents/generate.js';
import { encryptedOfficeFile, legacyWordFile } from '../../support/docx-builder.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A one-entry zip (local header only), enough for the signature and entry-name checks. */
function zipWith(entryName: string): Uint8Array {
  const data = deflateRawSync(Buffer.from('<xml/>'));
  const name = Buffer.from(entryName);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(6, 22);
  header.writeUInt16LE(name.length, 26);
  return new Uint8Array(Buffer.concat([header, name, data]));
}

describe('sniffDocument', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await statementPdf({ pages: [{ paragraphs: [['A short statement.']] }] });
  });

  it('takes the %PDF- signature over any name or type, as servers label PDFs text/html', () => {
    expect(sniffDocument(pdf)).toBe('pdf');
    expect(sniffDocument(pdf, { fileName: 'statement.html', mimeType: 'text/html; charset=utf-8' })).toBe('pdf');
    // Junk before the header is allowed by readers within the first KB.
    expect(sniffDocument(new Uint8Array([...utf8('\r\n\r\n'), ...pdf]))).toBe('pdf');
  });

  it('does not believe a .pdf name on bytes that are something else', () => {
    expect(sniffDocument(utf8('<!DOCTYPE html><html><body>404</body></html>'), { fileName: 'statement.pdf', mimeType: 'application/pdf' })).toBe('html');
    expect(sniffDocument(utf8('Just some words, really.'), { fileName: 'statement.pdf' })).toBe('text');
  });

  const table: Array<[string, Uint8Array, SniffHints, DocumentKind]> = [
    ['an HTML page by its doctype', utf8('\uFEFF  <!doctype html>\n<html lang="id"><head><title>x</title></head></html>'), {}, 'html'],
    ['XHTML with an XML declaration', utf8('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), {}, 'html'],
    ['an HTML fragment with no name or type', utf8('<div><p>Menteri Luar Negeri bertemu mitranya.</p></div>'), {}, 'html'],
    ['an HTML fragment named .htm', utf8('Menteri <b>Luar</b> Negeri'), { fileName: 'siaran.HTM' }, 'html'],
    ['Markdown by its name', utf8('# Joint Statement\n\nThe ministers met.'), { fileName: 'statement.md' }, 'markdown'],
    ['Markdown by its type', utf8('# Joint Statement'), { mimeType: 'text/markdown' }, 'markdown'],
    ['UTF-8 text', utf8('Pernyataan bersama — Jakarta, 6 Mei 2025. “Kerja sama” maritim.'), { fileName: 'notes.txt' }, 'text'],
    ['windows-1252 text (invalid UTF-8, no control bytes)', new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' au lait, '), 0x93, ...utf8('quoted'), 0x94]), {}, 'text'],
    ['UTF-16 text with a BOM', new Uint8Array([0xff, 0xfe, ...[...'Halo'].flatMap((c) => [c.charCodeAt(0), 0])]), {}, 'text'],
    ['an empty file', new Uint8Array(0), { fileName: 'empty.txt' }, 'text'],
    ['a .docx (zip holding word/document.xml)', zipWith('word/document.xml'), {}, 'docx'],
    ['another zip named .docx is still read as its name says', zipWith('[Content_Types].xml'), { fileName: 'memo.docx' }, 'docx'],
    ['an .xlsx zip', zipWith('xl/workbook.xml'), { fileName: 'data.xlsx' }, 'binary'],
    ['a plain zip', zipWith('readme.txt'), { fileName: 'archive.zip' }, 'binary'],
    ['a PNG named .txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), { fileName: 'scan.txt' }, 'binary'],
    ['a JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), { mimeType: 'image/jpeg' }, 'binary'],
    ['an old .doc (OLE)', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), { fileName: 'memo.doc' }, 'binary'],
    ['an old .doc renamed .docx', legacyWordFile(), { fileName: 'memo.docx' }, 'binary'],
    ['a password-protected .docx (encrypted Office container) by its name', encryptedOfficeFile(), { fileName: 'nota.docx' }, 'docx'],
    ['a password-protected .docx by its type', encryptedOfficeFile(), { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, 'docx'],
    ['a password-protected .xlsx', encryptedOfficeFile(), { fileName: 'budget.xlsx' }, 'binary'],
    ['bytes with NULs', new Uint8Array([...utf8('text'), 0, ...utf8('more')]), { fileName: 'notes.txt' }, 'binary'],
    ['random high bytes with control codes', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 73 + 11) % 255 || 1)), {}, 'binary'],
  ];

  it.each(table)('reads %s as its kind', (_name, bytes, hints, kind) => {
    expect(sniffDocument(bytes, hints)).toBe(kind);
  });
});
