// YYYY-MM-DD calendar dates: no time zone, no clock. Workflow-safe; the placement rules and the
// configuration (PLACEMENT_STATUTORY_HOLIDAYS) both read dates with it.
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real date of the calendar in YYYY-MM-DD form (2025-02-29 is not). */
export function isCalendarDate(text: string): boolean {
  const m = CALENDAR_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** [year, month, day] of a YYYY-MM-DD date; throws on anything else. */
export function calendarDateParts(date: string): [number, number, number] {
  const m = CALENDAR_DATE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
