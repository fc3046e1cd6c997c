// Embedded Unicode fonts. pdfkit has no per-glyph fallback, so text is split into runs: Noto Sans for
// Latin/Greek/Cyrillic (Łukasz Żółć), Noto Sans JP for what Noto Sans lacks (山田太郎).
// Table cells are measured and wrapped here from cached glyph advances: asking pdfkit to measure
// shapes every unique word (and every slice of a long one), which dominates large packs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function optionalFont(spec: string): string | null {
  try {
    return require.resolve(spec);
  } catch {
    return null;
  }
}

const CJK_FILE = optionalFont('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
const REGULAR_FILE = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');

/** Without the CJK font installed the pack still builds; CJK characters then print as empty boxes. */
export const FONT_FILES = {
  regular: REGULAR_FILE,
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  cjk: CJK_FILE ?? REGULAR_FILE,
} as const;

export type FontName = keyof typeof FONT_FILES;

interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
}

// pdfkit's own fontkit (no separate dependency, the same parser that embeds the fonts).
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { openSync(file: string): FontkitFont };

interface Metrics {
  font: FontkitFont;
  /** Advance per code point, in em. */
  advance: Map<number, number>;
}

const metrics = new Map<FontName, Metrics>();

function metricsOf(name: FontName): Metrics {
  let m = metrics.get(name);
  if (!m) {
    m = { font: fontkit.openSync(FONT_FILES[name]), advance: new Map() };
    metrics.set(name, m);
  }
  return m;
}

/** Characters every Latin-script string is made of; the fast path needs no glyph lookup. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range deliberately starts at U+0000: control characters need no CJK font either.
const PLAIN_LATIN = /^[\u0000-\u024f\u2013-\u2026]*$/u;

export interface TextRun {
  cjk: boolean;
  text: string;
}

/** Split `text` into runs by the font that has its glyphs. */
export function fontRuns(text: string): TextRun[] {
  if (PLAIN_LATIN.test(text) || CJK_FILE === null) return [{ cjk: false, text }];
  const latin = metricsOf('regular').font;
  const cjkFont = metricsOf('cjk').font;
  const runs: TextRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const cjk = !latin.hasGlyphForCodePoint(cp) && cjkFont.hasGlyphForCodePoint(cp);
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ cjk, text: ch });
  }
  return runs;
}

function advance(name: FontName, cp: number): number {
  const m = metricsOf(name);
  let a = m.advance.get(cp);
  if (a === undefined) {
    a = m.font.glyphForCodePoint(cp).advanceWidth / m.font.unitsPerEm;
    m.advance.set(cp, a);
  }
  return a;
}

/** Width of `text` at `size` points, each character in the font that will draw it. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const run of fontRuns(text)) {
    const name: FontName = run.cjk ? 'cjk' : bold ? 'bold' : 'regular';
    for (const ch of run.text) em += advance(name, ch.codePointAt(0)!);
  }
  return em * size;
}

const BREAK_AFTER = new Set(['/', ':', '-', '_', '.', '@', '#', ',', ';', '=', '&', '?']);
const ID_SEPARATORS = new Set(['/', ':']);

/** Cut a word wider than `width` into pieces, preferring to break after / : - _ . @ #. */
function chop(word: string, width: number, size: number, bold: boolean): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest && textWidth(rest, size, bold) > width) {
    const chars = [...rest];
    let fit = 0;
    let w = 0;
    while (fit < chars.length) {
      const cw = textWidth(chars[fit]!, size, bold);
      if (w + cw > width) break;
      w += cw;
      fit++;
    }
    fit = Math.max(1, fit);
    // Prefer the separators of identifiers (ARN ':' and path '/'), so a copied ARN splits only
    // between its parts; then '-', '_', '.'; a hard cut only when neither is near.
    const lastOf = (set: ReadonlySet<string>, floor: number): number => {
      for (let i = fit - 1; i >= floor; i--) if (set.has(chars[i]!)) return i + 1;
      return 0;
    };
    const cut = fit < chars.length ? lastOf(ID_SEPARATORS, Math.ceil(fit * 0.15)) || lastOf(BREAK_AFTER, Math.ceil(fit * 0.3)) || fit : fit;
    pieces.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Lines of `text` wrapped to `width` (explicit newlines kept). Past `maxLines` the last kept line
 * ends with "…", so a table cell never grows without bound and never overlaps the next row.
 */
export function wrapLines(text: string, width: number, size: number, maxLines = Infinity, bold = false): string[] {
  // No cell shows more than maxLines of text: do not wrap (or chop) megabytes to throw them away.
  const limit = Number.isFinite(maxLines) ? maxLines * 300 : Infinity;
  const clipped = text.length > limit;
  if (clipped) text = text.slice(0, limit);
  const lines: string[] = [];
  const space = textWidth(' ', size, bold);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    let started = false;
    for (const word of paragraph.split(' ')) {
      const w = textWidth(word, size, bold);
      if (started && lineWidth + space + w <= width) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (started) lines.push(line);
      started = true;
      if (w <= width) {
        line = word;
        lineWidth = w;
      } else {
        const pieces = chop(word, width, size, bold);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1] ?? '';
        lineWidth = textWidth(line, size, bold);
      }
    }
    lines.push(line);
    if (lines.length > maxLines) break;
  }
  if (lines.length <= maxLines && !clipped) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && textWidth(`${last}…`, size, bold) > width) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
