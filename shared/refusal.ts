/**
 * A refusal by a rule of shared/: the plain error every pure domain module throws when input or
 * state does not allow a step. shared/ knows no broker, so a refusal carries the stable `type` of
 * shared/messages.ts, the HTTP status it answers (409: the step does not fit the state; 422: a
 * value is wrong, naming its field) and the values its Chinese message shows (never personal
 * data). A service turns it into lib/errors.ts's `ConflictError` (409) or `fieldProblem` (422).
 *
 * Each domain keeps its own subclass and its own table of types and statuses (requests:
 * `RequestRefusalError`, documents: `DocumentRefusalError`), so a module can only raise the types
 * its table lists, and tests/unit/messages.test.ts finds them at `new …Error("TYPE"`.
 */

export type RefusalStatus = 409 | 422;

/** Values a refusal's message shows, by name. */
export type RefusalValueMap = Readonly<Record<string, string | number | undefined>>;

export class Refusal<Type extends string = string, Values extends object = RefusalValueMap> extends Error {
  constructor(
    readonly type: Type,
    readonly status: RefusalStatus,
    message: string,
    /** The field at fault, for a 422. */
    readonly field?: string,
    readonly values: Values = {} as Values,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

/** True for any refusal of a shared/ rule (whatever its domain). */
export function isRefusal(err: unknown): err is Refusal {
  return err instanceof Refusal;
}
