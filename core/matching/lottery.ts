// The seeded lottery that breaks ties in a matching round (placement's and the talent base's). Pure and
// workflow-safe: the same seed gives the same numbers on every machine and in every release (the round
// stores its seed, so anyone can re-run it).
//
// The seed is a string; cyrb128 spreads it into 128 bits that seed sfc32 (Chris Doty-Humphrey's Small
// Fast Counter), a well-tested 32-bit generator. Neither is cryptographic; nothing here needs to be: the
// seed is published with the round.

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export interface Lottery {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, n). */
  below(n: number): number;
}

export function seededLottery(seed: string): Lottery {
  let [a, b, c, d] = cyrb128(seed);
  const nextUint32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state in the first dozen rounds.
  for (let i = 0; i < 15; i++) nextUint32();
  return {
    nextUint32,
    below(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`below(${n})`);
      // Rejection sampling: no modulo bias.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}

/** A Fisher-Yates shuffle of a copy of `items`, driven by the lottery. */
export function shuffled<T>(items: readonly T[], lottery: Lottery): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = lottery.below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Single tie-breaking: one lottery number per student, the same at every position, drawn by shuffling
 * the students in id order (so the input order does not matter). Returns student id -> rank (0 = first).
 */
export function lotteryRanks(studentIds: readonly string[], seed: string): Map<string, number> {
  const order = shuffled([...new Set(studentIds)].sort(), seededLottery(seed));
  return new Map(order.map((id, rank) => [id, rank]));
}
