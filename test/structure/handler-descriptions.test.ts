// Every query, update and signal handler a workflow registers carries a description (setHandler's
// `description` option), which the Temporal Web UI shows next to the handler's name and
// `__temporal_workflow_metadata` returns. Read from the sources with the TypeScript compiler, so a
// process added later is checked as soon as its workflow exists. A step registered through the kit's
// handleStep (workflows/shared/refusals.ts) gives its description as handleStep's fourth argument; the
// kit passes it on (its own setHandler names `description`, checked here too).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const workflowsDir = path.resolve(__dirname, '..', '..', 'workflows');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

interface Registration {
  file: string;
  line: number;
  definition: string;
  description: string | null;
}

function registrations(file: string): Registration[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Registration[] = [];
  const visit = (node: ts.Node) => {
    const callee = ts.isCallExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : null;
    if (ts.isCallExpression(node) && (callee === 'setHandler' || callee === 'handleStep')) {
      let value: string | null = null;
      if (callee === 'handleStep') {
        const argument = node.arguments[3];
        value = argument && ts.isStringLiteralLike(argument) ? argument.text.trim() : null;
      } else {
        const options = node.arguments[2];
        const property =
          options && ts.isObjectLiteralExpression(options)
            ? options.properties.find(
                (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
                  (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText(source) === 'description',
              )
            : undefined;
        // A literal; or an expression (the kit passing its caller's on, a loop over literal pairs).
        if (property && ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer)) value = property.initializer.text.trim();
        else if (property) value = `(${property.getText(source)})`;
      }
      found.push({
        file: path.relative(workflowsDir, file),
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        definition: node.arguments[0]?.getText(source) ?? '?',
        description: value || null,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const all = sourceFiles(workflowsDir).flatMap(registrations);

test('the workflows register their handlers with setHandler or handleStep (the check below has something to check)', () => {
  expect(all.length).toBeGreaterThanOrEqual(40);
});

test('every setHandler gives a description (a string literal in its options)', () => {
  const missing = all.filter((r) => r.description === null).map((r) => `workflows/${r.file}:${r.line} ${r.definition}: no description`);
  expect(missing).toEqual([]);
});
