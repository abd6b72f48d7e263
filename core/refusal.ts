// A refusal: why a process refused a step, decided by its pure rules and thrown by an Update validator
// as an ApplicationFailure (workflows/shared/refusals.ts). Each process names its own refusal types;
// `AlreadyDone` answers a repeated step with the result it had the first time.
export interface Refusal<Type extends string = string, Result = unknown> {
  type: Type;
  message: string;
  /** For AlreadyDone: what the earlier step left. */
  result?: Result;
}
