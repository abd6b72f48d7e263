// The baseline's activity: does nothing, so what is measured is Temporal's own cost of an activity.
export async function step(): Promise<void> {
  /* intentionally empty */
}
