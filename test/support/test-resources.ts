// jest runs globalSetup and globalTeardown in the same process: this hands the handles across.
export interface TestResources {
  server: { stop(): Promise<void> };
  database: { drop(): Promise<void> };
  workDir: string;
}

const KEY = Symbol.for('allianceflow.testResources');
type Holder = { [KEY]?: TestResources };

export function registerTestResources(resources: TestResources): void {
  (globalThis as Holder)[KEY] = resources;
}

export function takeTestResources(): TestResources | undefined {
  const resources = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return resources;
}
