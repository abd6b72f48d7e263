// What the Temporal Web UI shows of a workflow, given at every start (client starts and child starts
// alike): a one-line static summary, static details in Markdown (the parties), and a memo with the
// title and the parties, so an operator finds "whose process is this" without decoding its input. The
// memo and the user metadata are payloads like any other: the payload codec encrypts them (the UI shows
// them through the codec endpoint). They are start options only, never workflow state: giving them
// does not change what a workflow does, and a replayed history is not compared against them.
// Workflow-safe (no I/O, no Node built-ins): workflows use it for their child starts.

/** One party as the UI lists it: a person or an organisation, and what it is to the process. */
export interface DisplayParty {
  name: string;
  /** What the party is to the process ("signer", "school", "student", ...). */
  role: string;
  organizationId?: string | null;
  userId?: string | null;
}

export interface WorkflowDisplay {
  /** The process, as a person names it ("Agreement", "Placement", ...). */
  process: string;
  /** What this one is about: an agreement's title, a placement's student and position... */
  title: string;
  parties: DisplayParty[];
}

/** The memo every process's workflow carries (Temporal UI "Memo"; also in describe() and list results). */
export interface WorkflowMemo {
  title: string;
  parties: { name: string; role: string; organizationId: string | null; userId: string | null }[];
}

export interface WorkflowDisplayOptions {
  staticSummary: string;
  staticDetails: string;
  memo: WorkflowMemo & Record<string, unknown>;
}

/** Temporal's UI shows the summary on one line; it recommends keeping it short. */
const SUMMARY_MAX = 200;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Markdown table cells: no line breaks, no pipes breaking the table. */
function cell(text: string | null | undefined): string {
  return text ? oneLine(text).replace(/\|/g, '\\|') : '';
}

/**
 * The start options that describe a workflow: spread them into the start (WorkflowStartOptions,
 * WithStartWorkflowOperation, startChild). `memo` adds to the display's memo (e.g. partyUserIds).
 */
export function workflowDisplayOptions(display: WorkflowDisplay, memo: Record<string, unknown> = {}): WorkflowDisplayOptions {
  const summary = oneLine(`${display.process}: ${display.title}`);
  const details = [
    `**${cell(display.process)}**: ${cell(display.title)}`,
    '',
    ...(display.parties.length
      ? [
          '| party | role | organisation | user |',
          '|---|---|---|---|',
          ...display.parties.map((p) => `| ${cell(p.name)} | ${cell(p.role)} | ${cell(p.organizationId)} | ${cell(p.userId)} |`),
        ]
      : ['No parties.']),
  ].join('\n');
  return {
    staticSummary: summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary,
    staticDetails: details,
    memo: {
      ...memo,
      title: display.title,
      parties: display.parties.map((p) => ({ name: p.name, role: p.role, organizationId: p.organizationId ?? null, userId: p.userId ?? null })),
    },
  };
}
