/**
 * The coaching request bodies in the spec reuse the response schemas (Goal, Step, Note,
 * PlanCreate, PlanUpdate, GoalUpdate, StepUpdate), whose readOnly fields (id, created_at,
 * updated_by…) the generated types mark as required. These helpers derive the writable part
 * from the generated type itself, so no request type is written by hand: only the fields a
 * client may send are accepted, and the server never receives the read-only ones.
 */
type IfEquals<X, Y, A, B = never> =
  (<G>() => G extends X ? 1 : 2) extends <G>() => G extends Y ? 1 : 2 ? A : B;

/** The keys of T that are not `readonly` in the generated schema. */
export type WritableKeys<T> = {
  [P in keyof T]-?: IfEquals<{ [Q in P]: T[P] }, { -readonly [Q in P]: T[P] }, P>;
}[keyof T];

/** T without its read-only (server-set) fields. */
export type Writable<T> = Pick<T, WritableKeys<T>>;

/** A create body: every writable field the schema requires, none of the read-only ones. */
export function writeBody<T>(body: Writable<T>): T {
  return body as T;
}

/** A PATCH body: only the writable fields that change. */
export function patchBody<T>(body: Partial<Writable<T>>): T {
  return body as T;
}
