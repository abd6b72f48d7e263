// Times on printed certificates read in Beijing time (UTC+8, no daylight saving), the time the alliances
// work in, with the zone written out so a reader elsewhere is not misled.
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** "2027-03-01" */
export function beijingDate(date: Date): string {
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2027-03-01 14:05 (UTC+8)" */
export function beijingDateTime(date: Date): string {
  const shifted = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} (UTC+8)`;
}
