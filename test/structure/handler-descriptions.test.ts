// Every query, update and signal handler a workflow registers carries a description (setHandler's
// `description` option), which the Temporal Web UI shows next to the handler's name and
// `__temporal_workflow_metadata` returns. Read from the sources with the TypeScript compiler, so a
// process added later is checked as soon as its workflow exists.
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
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'setHandler') {
      const options = node.arguments[2];
      const property =
        options && ts.isObjectLiteralExpression(options)
          ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'description')
          : undefined;
      const value = property && ts.isStringLiteralLike(property.initializer) ? property.initializer.text.trim() : null;
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

test('the workflows register their handlers with setHandler (the check below has something to check)', () => {
  expect(all.length).toBeGreaterThanOrEqual(40);
});

test('every setHandler gives a description (a string literal in its options)', () => {
  const missing = all.filter((r) => r.description === null).map((r) => `workflows/${r.file}:${r.line} ${r.definition}: no description`);
  expect(missing).toEqual([]);
});
