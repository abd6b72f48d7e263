// The named fields of an object, typed as such: a status view passes a process state's fields through
// under their own names without a line per field. (lodash's pick would do, but is not worth a dependency
// in the workflow bundle for four lines.)
export function pickFields<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = from[key];
  return picked;
}
