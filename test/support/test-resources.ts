// jest runs globalSetup and globalTeardown in the same process: this hands the stack across.
import type { LocalStack } from './local-stack';

const KEY = Symbol.for('allianceflow.testResources');
type Holder = { [KEY]?: LocalStack };

export function registerTestResources(stack: LocalStack): void {
  (globalThis as Holder)[KEY] = stack;
}

export function takeTestResources(): LocalStack | undefined {
  const stack = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return stack;
}
