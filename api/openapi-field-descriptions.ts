// Descriptions for the fields of the OpenAPI document that their zod schema does not describe itself.
// The schemas are shared with the workflows (workflows/*/contract.ts), where a field is named once and
// the same name means the same thing everywhere; so a field's meaning is written here once, by name,
// and a field's own `.describe()` / `.meta({ description })` always wins.

/** Fields whose name alone says what they hold. */
const byName: Record<string, string> = {
  id: "The identifier of this resource (stable; use it in the resource's URL).",
  status: 'Where this resource stands in its process; the values are listed.',
  name: 'A human-readable name.',
  title: 'A human-readable title.',
  description: 'Free text describing the resource.',
  items: "The page of results, in the list's order.",
  nextCursor: 'Pass as `cursor` to fetch the next page; null on the last page.',
  reason: 'Why, in the words of who took the step (shown to the other parties and kept in the audit trail).',
  email: 'An e-mail address.',
  locale: "The person's language for notifications and the console: zh-CN or en.",
  kind: 'What kind of thing this is; the values are listed.',
  roles: 'The roles held; each admits the routes named in docs/authorization.md.',
  policy: 'The rules of this process (deadlines, reminders: ISO 8601 durations).',
  href: 'A link (a path on this API, or a URL).',
  active: 'Whether this is in force.',
  reference: "A reference, kept as given (a URL where the content lives, or the caller's own).",
  type: 'The type of this item; the values are listed.',
  sha256: 'SHA-256 of the content, lowercase hexadecimal (64 characters).',
  documentSha256: 'SHA-256 of the document text being signed, lowercase hex: proves which version was read.',
  decision: 'The decision taken; the values are listed.',
  cohort: 'The intake the student belongs to, e.g. 2026.',
  version: 'The version number, from 1.',
  message: 'A human-readable message.',
  detail: 'A human-readable explanation.',
  step: 'The process step this concerns.',
  total: 'How many there are in all.',
  password: 'A password (never stored or logged as given).',
  text: 'The text.',
  note: 'A free-text note.',
  url: 'An absolute URL.',
  data: "The event's data, by event type.",
  document: 'The document of the agreement: its text, or a reference to an uploaded file.',
  parties: 'The parties of the agreement, in routing order: who signs or approves, for which organisation.',
  partyId: 'A party\'s id within the agreement (chosen by the launcher, e.g. "school").',
  displayName: 'How the party is named to the others.',
  role: 'What the party does: sign, or approve before the signers of its routing group.',
  routingGroup: 'Parties act group by group, lowest first; within a group, in any order.',
  deadline: 'An ISO 8601 duration after the launch, or the instant, when the process expires unfinished.',
  token: 'A bearer token: shown once, never again.',
  scopes: 'What the token may do, by scope name.',
  capacity: 'How many places there are.',
  score: 'The score given.',
  evidence: 'Documents or links supporting the step.',
  comment: 'A free-text comment.',
  relationship: "The guardian's relationship to the student.",
  level: 'The certification level: junior, intermediate or senior.',
  domain: 'The field of the certification.',
  location: 'Where the work takes place.',
  credential: 'The verifiable credential (W3C VC Data Model 2.0, eddsa-jcs-2022 proof).',
  workflowId: 'The Temporal workflow id of this process (for operators).',
  eventTypes: 'The event types delivered; omitted: all.',
  secretId: 'Which secret signed: the id in the webhook-signature header.',
  durationMs: 'How long it took, in milliseconds.',
  statusCode: 'The HTTP status code answered.',
  attempt: 'The attempt number, from 1.',
  max: 'The largest allowed.',
  weeks: 'A number of weeks.',
  round: 'The matching round.',
  seed: 'The seed that makes the draw reproducible.',
  dryRun: 'true: compute and show the result without applying it.',
  scope: 'The scope of the token or rule.',
  errors: 'One entry per invalid field: its path and what is wrong.',
  errorId: 'Quote it to the operator: the log line of this error carries it.',
  instance: "The request's path and query.",
};

const words = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** A description for a field by the shape of its name, or undefined. */
export function describeField(name: string): string | undefined {
  const known = byName[name];
  if (known) return known;
  let m = /^(.+)UserIds$/.exec(name);
  if (m) return `The ids of the users who are the ${words(m[1]!)}.`;
  m = /^(.+)UserId$/.exec(name);
  if (m) return `The id of the user who is the ${words(m[1]!)}.`;
  m = /^(.+)OrganizationIds$/.exec(name);
  if (m) return `The ids of the ${words(m[1]!)} organisations.`;
  m = /^(.+)OrganizationId$/.exec(name);
  if (m) return `The id of the ${words(m[1]!)} organisation.`;
  m = /^(.+)Ids$/.exec(name);
  if (m) return `The ids of the ${words(m[1]!)}s.`;
  m = /^(.+)Id$/.exec(name);
  if (m) return `The id of the ${words(m[1]!)}.`;
  m = /^(.+)At$/.exec(name);
  if (m) return `When ${words(m[1]!)} happened or happens (RFC 3339 date-time, UTC).`;
  m = /^(.+)By$/.exec(name);
  if (m) return `The id of the user who ${words(m[1]!)} it.`;
  m = /^(.+)Count$/.exec(name);
  if (m) return `How many ${words(m[1]!)}.`;
  m = /^by(.+)$/.exec(name);
  if (m) return `Counts by ${words(m[1]!)}.`;
  m = /^(.+)(Date|Start|End)$/.exec(name);
  if (m) return `The ${words(name)} (a calendar date, YYYY-MM-DD).`;
  return undefined;
}

/** Adds a description to every property of the document's schemas that has none and whose name says one. */
export function describeFields(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) describeFields(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const properties = record.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [name, schema] of Object.entries(properties as Record<string, unknown>)) {
      if (!schema || typeof schema !== 'object') continue;
      const s = schema as Record<string, unknown>;
      if (s.description === undefined && s.$ref === undefined) {
        const description = describeField(name);
        if (description) s.description = description;
      }
    }
  }
  for (const value of Object.values(record)) describeFields(value);
}
