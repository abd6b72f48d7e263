// Names and titles people read (organisations, alliances, users, agreement titles and parties,
// positions, programmes) must look like what they are. Bidirectional controls reorder what is shown
// ("Acme\u202Egnp.exe" reads "Acmeexe.png"), and invisible characters make two different names look
// the same ("Admin" and "Ad\u200Bmin"). Both are refused in every such field by one refinement:
//
// - always: the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks
//   U+200E, U+200F and U+061C, and every other format character (Unicode category Cf: U+200B zero
//   width space, U+2060 word joiner, U+FEFF, U+00AD soft hyphen, U+180E, the invisible operators
//   U+2061–U+2064, interlinear annotations...), control characters (Cc) and the line and paragraph
//   separators, and the fillers that render as nothing (U+115F, U+1160, U+3164, U+FFA0, U+034F);
// - the zero-width joiner U+200D and non-joiner U+200C only where they do a job: between two
//   emoji (a ZWJ sequence such as 👩‍💻), or between two letters or marks of the scripts whose spelling
//   uses them (Arabic, Persian, the Indic scripts, Sinhala, ...). Between Latin, Cyrillic, Greek or Han
//   letters they change nothing visible and are refused, so "Ad\u200Dmin" cannot pass as "Admin";
// - tag characters (U+E0020–U+E007F) only as the subdivision flag sequences that follow U+1F3F4 🏴.
//
// Workflow-safe (pure, no zod at run time): the agreement contract uses it too.
import type { z } from 'zod';

// eslint-disable-next-line no-misleading-character-class -- U+034F (a combining mark) is refused on its own, not joined to U+2029.
const ALWAYS_REFUSED = /[\p{Cc}\u2028\u2029\u034F\u115F\u1160\u3164\uFFA0]/u;
const FORMAT = /\p{Cf}/u;
const JOINERS = new Set(['\u200C', '\u200D']);
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
// Scripts whose orthography uses ZWJ/ZWNJ (Unicode's Script_Extensions, so shared marks count).
const JOINING_SCRIPT =
  /[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}]/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const BLACK_FLAG = '\u{1F3F4}';

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function joinerAllowed(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  if (EMOJI.test(before) && EMOJI.test(after)) return true;
  return JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after) && /[\p{L}\p{M}]/u.test(before) && /[\p{L}\p{M}]/u.test(after);
}

/** Why the text is not plainly visible (the first offending character, by code point), or null. */
export function hiddenCharacterProblem(text: string): string | null {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ALWAYS_REFUSED.test(ch)) return `must not contain invisible or control characters (${codePoint(ch)})`;
    if (TAG.test(ch)) {
      // A tag run is allowed only right after the black flag (🏴 + tags + cancel tag U+E007F).
      let start = i;
      while (start > 0 && TAG.test(chars[start - 1]!)) start--;
      if (chars[start - 1] === BLACK_FLAG) continue;
      return `must not contain invisible or control characters (${codePoint(ch)})`;
    }
    if (!FORMAT.test(ch)) continue;
    if (JOINERS.has(ch) && joinerAllowed(chars[i - 1], chars[i + 1])) continue;
    const kind = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u.test(ch) ? 'bidirectional control' : 'invisible';
    return `must not contain ${kind} characters (${codePoint(ch)})`;
  }
  return null;
}

/**
 * The shared refinement for a human-readable name or title:
 * `z.string().trim().min(1).max(200).superRefine(visibleText)`.
 */
export function visibleText(value: string, ctx: z.RefinementCtx<string>): void {
  const problem = hiddenCharacterProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
