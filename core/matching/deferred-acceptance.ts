// Student-proposing deferred acceptance (Gale and Shapley 1962; the NRMP's applicant-proposing variant
// since 1998) for many-to-one matching with capacities. Pure and workflow-safe. Shared by the placement
// rounds (students propose to positions) and the talent rounds (certificate holders propose to talent
// demands); the names are placement's, where it was first written.
//
// The instance is already strict and filtered: each student lists the positions it applied to and is
// eligible for, best first; each position orders the students it finds acceptable, best first (ties
// were broken by the round's lottery before this point), and has a capacity. The result is the
// student-optimal stable matching: no student and position would both rather have each other, no
// capacity is exceeded, and every student gets the best position it can have in any stable matching.

export interface DaStudent {
  id: string;
  /** Position ids, best first. Duplicates and unknown positions are ignored. */
  preferences: readonly string[];
}

export interface DaPosition {
  id: string;
  capacity: number;
  /** Student ids, best first: the students this position accepts. */
  priority: readonly string[];
}

export interface DaResult {
  /** Student id -> position id, or null when unmatched; every student of the instance appears. */
  assignment: Map<string, string | null>;
  /** Position id -> matched students, in the position's priority order. */
  admitted: Map<string, string[]>;
  /** How many proposals were made (a measure of the work done). */
  proposals: number;
}

export function deferredAcceptance(students: readonly DaStudent[], positions: readonly DaPosition[]): DaResult {
  const rankAt = new Map<string, Map<string, number>>();
  const capacity = new Map<string, number>();
  for (const p of positions) {
    if (rankAt.has(p.id)) throw new Error(`duplicate position ${p.id}`);
    rankAt.set(p.id, new Map(p.priority.map((s, i) => [s, i] as const).reverse()));
    capacity.set(p.id, Math.max(0, Math.floor(p.capacity)));
  }
  const prefs = new Map<string, string[]>();
  for (const s of students) {
    if (prefs.has(s.id)) throw new Error(`duplicate student ${s.id}`);
    const seen = new Set<string>();
    prefs.set(
      s.id,
      s.preferences.filter((p) => rankAt.has(p) && !seen.has(p) && (seen.add(p), true)),
    );
  }

  const held = new Map<string, string[]>(positions.map((p) => [p.id, []]));
  const next = new Map<string, number>(students.map((s) => [s.id, 0]));
  // Students in id order: the outcome does not depend on the order of proposals, but the count does.
  const free = students
    .map((s) => s.id)
    .sort()
    .reverse();
  let proposals = 0;

  while (free.length > 0) {
    const s = free.pop()!;
    const list = prefs.get(s)!;
    const i = next.get(s)!;
    if (i >= list.length) continue; // exhausted: stays unmatched
    next.set(s, i + 1);
    const p = list[i]!;
    proposals++;
    const rank = rankAt.get(p)!.get(s);
    if (rank === undefined) {
      free.push(s); // not acceptable to p: on to the next choice
      continue;
    }
    const h = held.get(p)!;
    // Keep the held list sorted by the position's priority.
    let at = h.length;
    while (at > 0 && rankAt.get(p)!.get(h[at - 1]!)! > rank) at--;
    h.splice(at, 0, s);
    if (h.length > capacity.get(p)!) free.push(h.pop()!);
  }

  const assignment = new Map<string, string | null>(students.map((s) => [s.id, null]));
  for (const [p, list] of held) for (const s of list) assignment.set(s, p);
  return { assignment, admitted: held, proposals };
}

/** The pairs (student, position) that block an assignment: both would rather have each other. */
export function blockingPairs(
  students: readonly DaStudent[],
  positions: readonly DaPosition[],
  assignment: ReadonlyMap<string, string | null>,
): { student: string; position: string }[] {
  const byId = new Map(positions.map((p) => [p.id, p]));
  const admitted = new Map<string, string[]>(positions.map((p) => [p.id, []]));
  for (const [s, p] of assignment) if (p !== null) admitted.get(p)?.push(s);
  const blocking: { student: string; position: string }[] = [];
  for (const s of students) {
    const current = assignment.get(s.id) ?? null;
    for (const p of s.preferences) {
      if (p === current) break; // only positions the student strictly prefers to its own
      const position = byId.get(p);
      if (!position) continue;
      const rank = position.priority.indexOf(s.id);
      if (rank < 0) continue;
      const holders = admitted.get(p)!;
      const hasRoom = holders.length < position.capacity;
      const prefersOverSomeone = holders.some((h) => position.priority.indexOf(h) > rank);
      if (hasRoom || prefersOverSomeone) blocking.push({ student: s.id, position: p });
    }
  }
  return blocking;
}
