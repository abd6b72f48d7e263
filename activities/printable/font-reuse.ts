// The work a parsed font does for one document, kept for the next (pdf.ts shares one parsed font per
// process). Each certificate laid out its words again with fontkit's OpenType engine and encoded its CJK
// subset again, ~100 ms of CPU per agreement (BENCHMARKS.md, Round 2): the subset of a 65,000-glyph CFF
// font carries an index entry for every global and local subroutine, and restructure writes each. Both
// are pure functions of their input, so reusing an earlier result gives the same bytes:
//
// - layout(text, features): remembered per word (pdfkit lays out word by word). pdfkit scales the
//   positions of the run it gets in place, so every caller gets positions of its own.
// - a subset's encoding: remembered by its glyph list, in order (the subset's glyph ids are positions in
//   it). Documents that print the same characters in the same order share it; pdf.ts places the
//   characters a kind of document always prints first, so most certificates differ only in their order
//   of digits and letters, which then no longer changes the list.
//
// fontkit is pdfkit's dependency, not ours: the font is typed by the little used here.

/** A fontkit GlyphRun as far as pdfkit reads it. */
interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}

interface Subset {
  glyphs: number[];
  encode(): Uint8Array;
}

export interface ReusableFont {
  layout(text: string, ...rest: unknown[]): GlyphRun;
  createSubset(): Subset;
}

/** Words remembered per font: a certificate's labels, names and dates are a few hundred. */
const MAX_WORDS = 5_000;
/**
 * Longer words are hashes and ids, seen in one document only (pdfkit keeps them for that document): a
 * remembered 64-character hash is ~5 KB of heap and would push the labels out.
 */
const MAX_WORD_LENGTH = 32;
/** Encoded subsets per font (~50-200 KB each): one per character set and order in use. */
const MAX_SUBSETS = 16;

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): V {
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** A copy of a run whose positions the caller may change; the glyphs are only read, so shared. */
function copyOf(run: GlyphRun): GlyphRun {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run);
  copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p));
  return copy;
}

/** Makes the font keep its layouts and subset encodings across documents (once per font). */
export function reuseAcrossDocuments<F extends ReusableFont>(font: F): F {
  const layouts = new Map<string, GlyphRun>();
  const encodings = new Map<string, Uint8Array>();
  const layout = font.layout.bind(font);
  const createSubset = font.createSubset.bind(font);

  font.layout = (text: string, ...rest: unknown[]): GlyphRun => {
    // pdfkit passes (text) or (text, features); other arguments (script, language) are not cached.
    if (typeof text !== 'string' || rest.length > 1 || text.length > MAX_WORD_LENGTH) return layout(text, ...rest);
    const key = `${JSON.stringify(rest[0] ?? null)}\u0000${text}`;
    const known = layouts.get(key) ?? remember(layouts, key, copyOf(layout(text, ...rest)), MAX_WORDS);
    return copyOf(known);
  };

  font.createSubset = (): Subset => {
    const subset = createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      return encodings.get(key) ?? remember(encodings, key, encode(), MAX_SUBSETS);
    };
    return subset;
  };
  return font;
}
