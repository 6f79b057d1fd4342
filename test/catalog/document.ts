// Builds PolicyDocument values by hand for catalog tests, with a distinct span per element, so the tests do
// not depend on the policy parser.
import type { ConditionClause, Located, PolicyDocument, Span, Statement } from '../../src/policy/index.js';

export interface StatementSpec {
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  /** `{ operator: { key: values } }`, as in the JSON. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A one-line span at a made-up offset; only the pointer matters to the tests. */
export function span(pointer: string, offset = 0): Span {
  return {
    start: { line: 1, column: offset + 1, offset },
    end: { line: 1, column: offset + 2, offset: offset + 1 },
    pointer,
  };
}

function located<T>(value: T, pointer: string): Located<T> {
  return { value, span: span(pointer) };
}

function list(values: readonly string[] | undefined, pointer: string): Located<string>[] | undefined {
  return values?.map((value, index) => located(value, `${pointer}/${index}`));
}

export function statement(spec: StatementSpec, index = 0): Statement {
  const at = `/Statement/${index}`;
  const condition: ConditionClause[] = Object.entries(spec.condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, values]) => ({
      operator: located(operator, `${at}/Condition/${operator}`),
      key: located(key, `${at}/Condition/${operator}/${key}`),
      values: (typeof values === 'string' ? [values] : values).map((value, i) => located(value, `${at}/Condition/${operator}/${key}/${i}`)),
      span: span(`${at}/Condition/${operator}/${key}`),
    })),
  );
  const elements = {
    action: list(spec.action, `${at}/Action`),
    notAction: list(spec.notAction, `${at}/NotAction`),
    resource: list(spec.resource, `${at}/Resource`),
    notResource: list(spec.notResource, `${at}/NotResource`),
  };
  return {
    index,
    effect: located('Allow', `${at}/Effect`),
    ...Object.fromEntries(Object.entries(elements).filter(([, value]) => value !== undefined)),
    condition,
    span: span(at),
  };
}

export function policy(specs: readonly StatementSpec[], source?: string): PolicyDocument {
  return {
    version: located('2012-10-17', '/Version'),
    statements: specs.map((spec, index) => statement(spec, index)),
    span: span(''),
    text: '',
    ...(source === undefined ? {} : { source }),
  };
}
