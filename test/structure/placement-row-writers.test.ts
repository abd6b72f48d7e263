// One writer of the `placements` rows (issue 14): the ApprenticeshipPlacement workflow, through its
// activities (activities/placement/: the offer's seat and row, the projection of every step) and the
// matching round's activity that records a round with its offers' rows. Outside activities/ exactly one
// file may write a placement row: platform/workflow-ends.ts, which records a workflow's abnormal end
// (terminated, failed...) that the workflow itself can no longer write. The API writes none: a direct
// offer's capacity check and row are the workflow's launch activity's (activities/placement/offer-claim.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');
const DEPLOYED = ['api', 'platform', 'worker', 'core', 'schemas', 'workflows', 'activities', 'scripts'];

/** A Prisma write on the `placement` model (any client or transaction variable), or raw SQL writing the table. */
const PLACEMENT_WRITE = [
  /\.placement\.(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)\s*\(/,
  /\b(insert\s+into|update|delete\s+from)\s+"?placements"?\b/i,
];

function sourceFiles(folder: string): string[] {
  const dir = path.join(projectRoot, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f).split(path.sep).join('/'));
}

function placementWriters(): string[] {
  return DEPLOYED.flatMap(sourceFiles)
    .filter((file) => PLACEMENT_WRITE.some((pattern) => pattern.test(readFileSync(path.join(projectRoot, file), 'utf8'))))
    .sort();
}

test('placement rows are written by the activities alone (and the abnormal-end record), never by the API', () => {
  const writers = placementWriters();
  expect(writers.filter((f) => !f.startsWith('activities/'))).toEqual(['platform/workflow-ends.ts']);
  expect(writers.filter((f) => f.startsWith('api/'))).toEqual([]);
  // The check sees writes where they are: the workflow's launch activity, its projection, the round's record.
  expect(writers).toEqual(
    expect.arrayContaining(['activities/placement/offer-claim.ts', 'activities/placement/projection.ts', 'activities/matching-round/round-records.ts']),
  );
});
