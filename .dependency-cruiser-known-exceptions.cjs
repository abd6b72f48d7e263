// Imports that break a rule of .dependency-cruiser.cjs today and that a change under way removes: one entry
// per import, [rule, from (file), to (file), who removes it]. test/structure/import-rules.test.ts fails on
// an entry that no longer occurs, so the list only shrinks; the goal is an empty list.
module.exports = [
  // kit (issue 14): workflow ids move to core/.
  ['activities-import-no-workflow-implementation', 'activities/notifications/webhooks/dispatch.ts', 'workflows/webhook-delivery/contract.ts', 'kit'],
];
