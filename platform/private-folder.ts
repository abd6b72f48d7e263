// A folder only its owner may open (mode 0700), for secrets such as generated keys. Its parents are
// made as any folder is (mkdir's default mode): `mkdir -p` with mode 0700 would close every folder it
// creates on the way, DATA_DIR itself included, and the embedded PostgreSQL's unprivileged user could
// then no longer reach its data folder under DATA_DIR (devtools/embedded-postgres.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export function makePrivateFolder(folder: string): void {
  mkdirSync(path.dirname(folder), { recursive: true });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
}
