// Where a request's time went, phase by phase, in the answer's Server-Timing header (W3C Server Timing:
// browsers' developer tools show it; test/faults F6 prints a matching round's). Each mark closes a phase
// that began at the previous mark (the first at the request's arrival): "rate-limit;dur=3.1, auth;dur=1.2,
// ..., total;dur=42.0". Only answers a route sends carry it (api/routing.ts), so a refused credential
// (401) learns nothing from it; the durations are what the caller's own clock shows, split up.
import type { NextFunction, Request, Response } from 'express';

interface Timeline {
  arrivedAt: number;
  lastAt: number;
  phases: [name: string, ms: number][];
}

const timelines = new WeakMap<Response, Timeline>();

/** The first middleware: the request has arrived. */
export function startServerTiming(_req: Request, res: Response, next: NextFunction): void {
  const now = performance.now();
  timelines.set(res, { arrivedAt: now, lastAt: now, phases: [] });
  next();
}

/** Ends the current phase under `name` (a token: letters, digits, dashes). */
export function markPhase(res: Response | undefined, name: string): void {
  const timeline = res && timelines.get(res);
  if (!timeline) return;
  const now = performance.now();
  timeline.phases.push([name, now - timeline.lastAt]);
  timeline.lastAt = now;
}

/** The header's value so far, with the total since arrival; undefined for a request not timed. */
export function serverTimingHeader(res: Response): string | undefined {
  const timeline = timelines.get(res);
  if (!timeline) return undefined;
  const total = performance.now() - timeline.arrivedAt;
  return [...timeline.phases, ['total', total] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', ');
}
