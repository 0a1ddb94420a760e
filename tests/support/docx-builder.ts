import JSZip from 'jszip';

/** One block of a generated Word document: a styled paragraph, a bulleted list item, a table or a picture. */
export type DocxBlock =
  | string
  | { text: string; style?: 'Title' | 'Subtitle' | 'Heading1' | 'Heading2' }
  | { bullet: string }
  | { table: string[][] }
  | { image: 'png' }
  | { text: string; footnote: string };

export interface DocxOptions {
  blocks: readonly DocxBlock[];
  /** Entries left out of the package (e.g. "word/document.xml" for a damaged one). */
  omit?: readonly string[];
  /** Extra entries, e.g. a big one to push the declared size over the cap. */
  extra?: Record<string, Uint8Array | string>;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (text: string) => `<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const paragraph = (text: string, props = '') => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${run(text)}</w:p>`;

/** A 1×1 PNG, enough for mammoth to see a picture. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function image(): string {
  return `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="Picture 1" descr="Foto kunjungan"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rIdImage1"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
}

function blockXml(block: DocxBlock, notes: string[]): string {
  if (typeof block === 'string') return paragraph(block);
  if ('bullet' in block) return paragraph(block.bullet, '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>');
  if ('table' in block) {
    const rows = block.table.map((cells) => `<w:tr>${cells.map((cell) => `<w:tc>${paragraph(cell)}</w:tc>`).join('')}</w:tr>`).join('');
    return `<w:tbl>${rows}</w:tbl>`;
  }
  if ('image' in block) return image();
  if ('footnote' in block) {
    notes.push(block.footnote);
    return `<w:p>${run(block.text)}<w:r><w:footnoteReference w:id="${notes.length}"/></w:r></w:p>`;
  }
  return paragraph(block.text, block.style ? `<w:pStyle w:val="${block.style}"/>` : '');
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`;

const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
  <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`;

/**
 * A minimal real .docx made in code: [Content_Types].xml, _rels/.rels, word/document.xml (w:p/w:r/w:t), styles,
 * numbering for bullets, footnotes and a PNG when used. Deflated like Word's own files.
 */
export async function buildDocx(options: DocxOptions): Promise<Uint8Array> {
  const notes: string[] = [];
  const body = options.blocks.map((block) => blockXml(block, notes)).join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Default Extension="png" ContentType="image/png"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
  <Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
  <Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
  <Relationship Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
</Relationships>`,
  );
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}</w:body></w:document>`);
  zip.file('word/styles.xml', STYLES);
  zip.file('word/numbering.xml', NUMBERING);
  zip.file(
    'word/footnotes.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="${W}">${notes.map((note, i) => `<w:footnote w:id="${i + 1}">${paragraph(note)}</w:footnote>`).join('')}</w:footnotes>`,
  );
  zip.file('word/media/image1.png', PNG);
  for (const [name, data] of Object.entries(options.extra ?? {})) zip.file(name, data);
  for (const name of options.omit ?? []) zip.remove(name);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * A password-protected Office file as Word writes it: an OLE/CFB container (D0 CF 11 E0…) whose directory names
 * the EncryptionInfo and EncryptedPackage streams in UTF-16LE. Only the parts the reader looks at are real.
 */
export function encryptedOfficeFile(): Uint8Array {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  const directory = Buffer.alloc(512);
  Buffer.from('Root Entry', 'utf16le').copy(directory, 0);
  Buffer.from('EncryptionInfo', 'utf16le').copy(directory, 128);
  Buffer.from('EncryptedPackage', 'utf16le').copy(directory, 256);
  return new Uint8Array(Buffer.concat([header, directory, Buffer.alloc(1024, 0x5a)]));
}

/** An old Word 97–2003 .doc as far as the sniffer sees it: a CFB container with a WordDocument stream. */
export function legacyWordFile(): Uint8Array {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  const directory = Buffer.alloc(512);
  Buffer.from('Root Entry', 'utf16le').copy(directory, 0);
  Buffer.from('WordDocument', 'utf16le').copy(directory, 128);
  return new Uint8Array(Buffer.concat([header, directory, Buffer.alloc(1024, 0x11)]));
}
