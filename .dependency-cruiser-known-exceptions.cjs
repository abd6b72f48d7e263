// Imports that break a rule of .dependency-cruiser.cjs today and that a change under way removes: one entry
// per import, [rule, from (file), to (file), who removes it]. test/structure/import-rules.test.ts fails on
// an entry that no longer occurs, so the list only shrinks; the goal is an empty list.
module.exports = [
  // round (issue 14): the placement rules, the matching computation, placement ids and statuses are pure
  // code that the matching-round activities run too; they belong in core/.
  ['activities-import-no-workflow-implementation', 'activities/placement/offers.ts', 'workflows/apprenticeship-placement/contract.ts', 'round'],
  ['activities-import-no-workflow-implementation', 'activities/placement/offers.ts', 'workflows/apprenticeship-placement/rules.ts', 'round'],
  [
    'activities-import-no-workflow-implementation',
    'activities/matching-round/round-records.ts',
    'workflows/apprenticeship-placement/matching/index.ts',
    'round',
  ],
];
