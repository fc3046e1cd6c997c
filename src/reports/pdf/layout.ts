// A small layout layer over pdfkit: headings with outline entries, paragraphs in mixed-script fonts,
// tables that repeat their header and wrap or truncate cells, and the "page X of Y" pass at the end.
import PDFDocument from 'pdfkit';
import { FONT_FILES, fontRuns, textWidth, wrapLines } from './fonts.js';

export const COLORS = {
  text: '#1f2328',
  muted: '#59636e',
  rule: '#d1d9e0',
  stripe: '#f6f8fa',
  headerFill: '#eaeef2',
  accent: '#0b3d6b',
  met: '#1a7f37',
  pass: '#1a7f37',
  gap: '#cf222e',
  fail: '#cf222e',
  not_verified: '#9a6700',
  error: '#9a6700',
  manual: '#0969da',
  accepted: '#8250df',
  out_of_scope: '#6e7781',
  not_applicable: '#6e7781',
} as const;

export type StatusColor = keyof typeof COLORS;

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

export interface Column {
  header: string;
  width: number;
  /** Lines a cell may take before it is cut with an ellipsis. */
  maxLines?: number;
}

export interface TableOptions {
  size?: number;
  /** Draw alternate rows on a light background. */
  stripes?: boolean;
}

type Outline = PDFKit.PDFOutline;

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** The parts of pdfkit's (internal) EmbeddedFont that plainLayout replaces. */
interface EmbeddedFont {
  font: { glyphForCodePoint(cp: number): FontkitGlyph };
  scale: number;
  layout: (text: string, features?: unknown, onlyWidth?: boolean) => unknown;
}

/**
 * Glyphs straight from the font's cmap, without OpenType shaping. pdfkit would shape (GSUB/GPOS) and
 * cache every distinct word; in a pack of thousands of ARNs and hashes that is most of the time and
 * hundreds of MB. Report text needs no ligatures or complex scripts, and the drawn widths now equal
 * the ones tables are wrapped with (fonts.ts).
 */
function plainLayout(embedded: EmbeddedFont): void {
  const glyphs = new Map<number, FontkitGlyph>();
  embedded.layout = (text: string) => {
    const run: FontkitGlyph[] = [];
    const positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }> = [];
    let advanceWidth = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let glyph = glyphs.get(cp);
      if (!glyph) {
        glyph = embedded.font.glyphForCodePoint(cp);
        glyphs.set(cp, glyph);
      }
      const w = glyph.advanceWidth * embedded.scale;
      run.push(glyph);
      positions.push({ xAdvance: w, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: w });
      advanceWidth += w;
    }
    return { glyphs: run, positions, advanceWidth };
  };
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 62, bottom: 58, left: 48, right: 48 };

/**
 * The document's bytes, gathered in 1 MB blocks as pdfkit writes them (tens of thousands of small pieces:
 * "endobj", "stream", an object's dictionary…). Holding the pieces themselves until the end cost far more
 * memory than the document (a 15 MB pack of 4,000 pages held about 140 MB).
 */
class PdfOutput {
  private static readonly BLOCK = 1 << 20;
  private readonly full: Buffer[] = [];
  private block = Buffer.allocUnsafe(PdfOutput.BLOCK);
  private used = 0;

  private room(needed: number): void {
    if (this.used < this.block.length) return;
    this.full.push(this.block);
    this.block = Buffer.allocUnsafe(Math.max(PdfOutput.BLOCK, needed));
    this.used = 0;
  }

  /** Appends bytes; returns how many. */
  push(chunk: Uint8Array): number {
    for (let from = 0; from < chunk.length; ) {
      this.room(chunk.length - from);
      const n = Math.min(chunk.length - from, this.block.length - this.used);
      this.block.set(chunk.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
    return chunk.length;
  }

  /** Appends a binary string's bytes (each character's low byte, as pdfkit encodes its strings); returns how many. */
  pushText(text: string): number {
    for (let from = 0; from < text.length; ) {
      this.room(text.length - from);
      const n = Math.min(text.length - from, this.block.length - this.used);
      this.block.write(from === 0 && n === text.length ? text : text.slice(from, from + n), this.used, n, 'latin1');
      this.used += n;
      from += n;
    }
    return text.length;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.full, this.block.subarray(0, this.used)]);
  }
}

/** pdfkit's PDFReference, as far as a page's content stream is used here. */
interface StreamRef {
  buffer: Uint8Array[];
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
  /** Set by gatherOperators. */
  flushOperators?: () => void;
}

interface PageRefs {
  content: StreamRef;
  dictionary: { data: { Contents: unknown } };
}

/**
 * pdfkit turns every drawing operator into its own small byte array as it is written (a page of findings
 * is thousands): at a few thousand pages that was millions of short-lived buffers, each its own allocation
 * outside the JavaScript heap. The operators are gathered as text instead and turned into one byte array
 * when the stream is written out; the bytes are the same (pdfkit writes each operator as its Latin-1 bytes
 * followed by a newline).
 */
function gatherOperators(stream: StreamRef): void {
  const write = stream.write.bind(stream);
  const end = stream.end.bind(stream);
  const pending: string[] = [];
  const flush = () => {
    if (!pending.length) return;
    write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
    pending.length = 0;
  };
  stream.flushOperators = flush;
  stream.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  stream.end = (chunk) => {
    if (chunk !== undefined) stream.write(chunk);
    flush();
    end();
  };
}

export class PackLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly left = MARGIN.left;
  readonly width = PAGE.width - MARGIN.left - MARGIN.right;
  readonly bottom = PAGE.height - MARGIN.bottom;
  /** The document's bytes so far (see `output`). */
  private readonly output = new PdfOutput();
  private readonly done: Promise<void>;
  /** Pages that carry no running header (the cover). */
  private readonly bare = new Set<number>();

  constructor(info: { title: string; author: string; subject: string; date: Date }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      compress: true,
      // Fixed dates make the file (and pdfkit's document ID, derived from this info) reproducible.
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Creator: 'soc2-evidence',
        Producer: 'soc2-evidence (pdfkit)',
        CreationDate: info.date,
        ModDate: info.date,
      },
      displayTitle: true,
      lang: 'en',
    });
    this.doc.registerFont('regular', FONT_FILES.regular);
    this.doc.registerFont('bold', FONT_FILES.bold);
    this.doc.registerFont('cjk', FONT_FILES.cjk);
    this.doc.font('regular').fillColor(COLORS.text);
    // Wrap pdfkit's font selection so each embedded font gets plainLayout on first use.
    const select = this.doc.font.bind(this.doc);
    const patched = new Set<unknown>();
    (this.doc as unknown as { font: (name: string) => PDFKit.PDFDocument }).font = (name: string) => {
      select(name);
      const embedded = (this.doc as unknown as { _font: EmbeddedFont })._font;
      if (!patched.has(embedded)) {
        plainLayout(embedded);
        patched.add(embedded);
      }
      return this.doc;
    };
    this.doc.font('regular');
    // pdfkit keeps a buffered page's drawing, uncompressed, until the document ends: thousands of pages of
    // findings held hundreds of MB. When the next page starts, the finished page's drawing goes out now as
    // its own compressed stream, and what is drawn on the page later (running header, "page X of Y") goes
    // into a second stream after it: a page's /Contents may be an array of streams, read as one
    // (ISO 32000-1, 7.8.2), so the page looks exactly as before.
    let previous = this.doc.page as unknown as PageRefs;
    gatherOperators(previous.content);
    this.doc.on('pageAdded', () => {
      const page = previous;
      page.content.flushOperators?.();
      if (page.content.buffer.length) {
        const drawn = page.content;
        drawn.end();
        page.content = this.doc.ref({}) as unknown as StreamRef;
        page.dictionary.data.Contents = [drawn, page.content];
      }
      previous = this.doc.page as unknown as PageRefs;
      gatherOperators(previous.content);
    });
    // pdfkit pushes its output into a readable stream, which does not flow while the pack is laid out
    // (synchronously): every piece (tens of thousands of small buffers) waited there until the end.
    // Each piece is taken as pdfkit writes it instead (pdfkit is pinned; `_write` is where all output goes).
    const sink = this.doc as unknown as { _write(data: string | Uint8Array): void; _offset: number };
    // What the constructor wrote (the header) is already in the stream.
    for (let head = this.doc.read() as Buffer | null; head; head = this.doc.read() as Buffer | null) this.output.push(head);
    sink._write = (data) => {
      sink._offset += typeof data === 'string' ? this.output.pushText(`${data}\n`) : this.output.push(data);
    };
    this.doc.resume();
    this.done = new Promise<void>((resolve) => this.doc.on('end', () => resolve()));
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  markBare(): void {
    this.bare.add(this.doc.bufferedPageRange().start + this.doc.bufferedPageRange().count - 1);
  }

  addPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGIN.top;
  }

  /** Start a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.addPage();
  }

  outline(title: string, parent?: Outline): Outline {
    return (parent ?? this.doc.outline).addItem(title);
  }

  /** Write `text` in mixed-script fonts at (x, y) or the current position, wrapping within `width`. */
  write(
    text: string,
    options: {
      x?: number;
      y?: number;
      width?: number;
      size?: number;
      bold?: boolean;
      color?: string;
      height?: number;
      align?: 'left' | 'right' | 'center';
      lineGap?: number;
    } = {},
  ): void {
    const doc = this.doc;
    const width = options.width ?? this.width;
    const x = options.x ?? this.left;
    const size = options.size ?? 9.5;
    doc.fillColor(options.color ?? COLORS.text).fontSize(size);
    const runs = fontRuns(text);
    const base = { width, lineGap: options.lineGap ?? 1, ...(options.align ? { align: options.align } : {}) };
    if (options.y !== undefined) doc.y = options.y;
    doc.x = x;
    if (runs.length === 1) {
      doc.font(runs[0]!.cjk ? 'cjk' : options.bold ? 'bold' : 'regular');
      doc.text(text, x, doc.y, options.height !== undefined ? { ...base, height: options.height, ellipsis: true } : base);
    } else {
      runs.forEach((run, i) => {
        doc.font(run.cjk ? 'cjk' : options.bold ? 'bold' : 'regular');
        const continued = i < runs.length - 1;
        if (i === 0) doc.text(run.text, x, doc.y, { ...base, continued });
        else doc.text(run.text, { ...base, continued });
      });
    }
    doc.x = this.left;
  }

  /** Height `text` takes at `width` and `size` (mixed scripts measured in the wider CJK font). */
  measure(text: string, width: number, size: number, bold = false): number {
    const runs = fontRuns(text);
    this.doc.font(runs.some((r) => r.cjk) ? 'cjk' : bold ? 'bold' : 'regular').fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap: 1 });
  }

  lineHeight(size: number): number {
    this.doc.font('regular').fontSize(size);
    return this.doc.currentLineHeight(true) + 1;
  }

  heading(text: string, level: 1 | 2 | 3, outline?: { parent?: Outline } | false): Outline | undefined {
    const size = level === 1 ? 17 : level === 2 ? 13 : 10.5;
    const space = level === 1 ? 8 : 6;
    this.ensure(size * 1.4 + 48);
    if (this.doc.y > MARGIN.top + 1) this.doc.y += space;
    const item = outline === false ? undefined : this.outline(text, outline?.parent);
    this.write(text, { size, bold: true, color: level === 3 ? COLORS.text : COLORS.accent });
    if (level <= 2) {
      const y = this.doc.y + 1;
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(level === 1 ? 1.2 : 0.6)
        .strokeColor(level === 1 ? COLORS.accent : COLORS.rule)
        .stroke();
      this.doc.y = y + 5;
    } else this.doc.y += 2;
    return item;
  }

  paragraph(text: string, options: { size?: number; color?: string; bold?: boolean; gap?: number } = {}): void {
    const size = options.size ?? 9.5;
    this.ensure(this.lineHeight(size) * 2);
    this.write(text, { size, ...(options.color ? { color: options.color } : {}), ...(options.bold ? { bold: true } : {}) });
    this.doc.y += options.gap ?? 4;
  }

  /** Label: value lines, the label in bold in a fixed column. */
  keyValues(rows: Array<[string, string]>, labelWidth = 120, size = 9.5): void {
    for (const [label, value] of rows) {
      const h = Math.max(this.measure(value || '—', this.width - labelWidth, size), this.lineHeight(size));
      this.ensure(h + 2);
      const y = this.doc.y;
      this.write(label, { x: this.left, y, width: labelWidth - 8, size, bold: true, color: COLORS.muted });
      this.write(value || '—', { x: this.left + labelWidth, y, width: this.width - labelWidth, size });
      this.doc.y = y + h + 3;
    }
  }

  /** One line of text at (x, y), no wrapping; mixed scripts drawn run by run. */
  drawLine(text: string, x: number, y: number, size: number, bold = false, color: string = COLORS.text): void {
    const doc = this.doc;
    doc.fillColor(color).fontSize(size);
    let cx = x;
    for (const run of fontRuns(text)) {
      doc.font(run.cjk ? 'cjk' : bold ? 'bold' : 'regular');
      doc.text(run.text, cx, y, { lineBreak: false });
      cx += textWidth(run.text, size, bold && !run.cjk);
    }
  }

  /** A table that repeats its header on each page; cells wrap, and are cut with "…" past maxLines. */
  table(columns: Column[], rows: Cell[][], options: TableOptions = {}): void {
    const size = options.size ?? 8;
    const pad = 3;
    const line = this.lineHeight(size);
    // Measured widths ignore kerning; keep a little slack so a drawn line never reaches the next column.
    const inner = columns.map((c) => (c.width - pad * 2) * 0.98);
    const drawHeader = () => {
      const h = line + pad * 2;
      this.doc.rect(this.left, this.doc.y, this.width, h).fill(COLORS.headerFill);
      let x = this.left;
      const y = this.doc.y;
      columns.forEach((c, i) => {
        this.drawLine(wrapLines(c.header, inner[i]!, size, 1, true)[0] ?? '', x + pad, y + pad, size, true, COLORS.muted);
        x += c.width;
      });
      this.doc.y = y + h;
    };
    this.ensure(line * 3 + pad * 4);
    drawHeader();
    rows.forEach((row, index) => {
      const cells = row.map((cell, i) => wrapLines(cell.text, inner[i]!, size, columns[i]!.maxLines ?? 12, cell.bold));
      const h = Math.max(...cells.map((l) => l.length), 1) * line + pad * 2;
      if (this.doc.y + h > this.bottom) {
        this.addPage();
        drawHeader();
      }
      const y = this.doc.y;
      if (options.stripes !== false && index % 2 === 1) this.doc.rect(this.left, y, this.width, h).fill(COLORS.stripe);
      let x = this.left;
      row.forEach((cell, i) => {
        cells[i]!.forEach((text, n) => {
          if (text) this.drawLine(text, x + pad, y + pad + n * line, size, cell.bold, cell.color);
        });
        x += columns[i]!.width;
      });
      this.doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.3)
        .strokeColor(COLORS.rule)
        .stroke();
      this.doc.y = y + h;
    });
    this.doc.y += 6;
  }

  /** Running header and "page X of Y" footer on every page, drawn once the page count is known. */
  finishPages(header: string, footer: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      if (!this.bare.has(i)) {
        this.write(header, { x: this.left, y: 30, width: this.width, size: 7.5, color: COLORS.muted, height: 12 });
        this.doc
          .moveTo(this.left, 44)
          .lineTo(this.left + this.width, 44)
          .lineWidth(0.4)
          .strokeColor(COLORS.rule)
          .stroke();
      }
      const y = PAGE.height - 40;
      this.doc
        .moveTo(this.left, y - 6)
        .lineTo(this.left + this.width, y - 6)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
      this.write(footer, { x: this.left, y, width: this.width - 110, size: 7.5, color: COLORS.muted, height: 12 });
      this.write(`Page ${i + 1} of ${range.count}`, {
        x: this.left + this.width - 110,
        y,
        width: 110,
        size: 7.5,
        color: COLORS.muted,
        align: 'right',
        height: 12,
      });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }

  pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  async end(): Promise<Buffer> {
    this.doc.end();
    await this.done;
    return this.output.bytes();
  }
}
