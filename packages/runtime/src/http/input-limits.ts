import { GraphQLError, type OperationDefinitionNode } from 'graphql';

/** The codes of an input refusal, in `extensions.code`. */
export type InputLimitCode = 'UNDECLARED_VARIABLE' | 'INPUT_LIST_TOO_LONG' | 'INPUT_TOO_LARGE';

export interface InputLimits {
  /** The longest list the variables may hold: the largest any field accepts. */
  maxInputListLength: number;
  /** Values in the variables, every list item and object field counted. */
  maxInputValues: number;
}

/** Defaults the subgraphs hold every caller to (the gateway's are configurable, the same by default). */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxInputListLength: 1000, maxInputValues: 20_000 };

const show = (n: number) => n.toLocaleString('en-US');

/** What a request's variables hold, measured before anything coerces them. */
export interface VariablesMeasure {
  /** Names sent that the operation does not declare (nothing would read them). */
  undeclared: string[];
  /** Values of every kind, each list item and object field counted once. */
  values: number;
  /** The longest list, and where it is (`$items`, `$input.lines`). */
  longestList: { length: number; path: string };
}

/**
 * Walks the variables once. Lists are measured by their real length: a 30,000-item list is
 * refused here, before coercion, planning or any subgraph sees it, where the cost estimate
 * alone would have counted it as 10. The walk stops as soon as `stopAfterValues` is passed,
 * so measuring a huge input costs no more than measuring one just over the limit.
 */
function measureVariables(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  stopAfterValues: number,
): VariablesMeasure {
  const declared = new Set(operation.variableDefinitions?.map((d) => d.variable.name.value) ?? []);
  const measure: VariablesMeasure = {
    undeclared: Object.keys(variables).filter((name) => !declared.has(name)),
    values: 0,
    longestList: { length: 0, path: '' },
  };
  // Depth is bounded before this runs (the body's nesting limit), so recursion is safe.
  const walk = (value: unknown, path: string): void => {
    if (measure.values > stopAfterValues) return;
    measure.values += 1;
    if (Array.isArray(value)) {
      if (value.length > measure.longestList.length) measure.longestList = { length: value.length, path };
      for (const item of value) {
        if (measure.values > stopAfterValues) return;
        walk(item, path);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) {
        if (measure.values > stopAfterValues) return;
        walk(field, `${path}.${key}`);
      }
    }
  };
  for (const [name, value] of Object.entries(variables)) walk(value, `$${name}`);
  return measure;
}

function refusal(message: string, code: InputLimitCode, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, category: 'BAD_USER_INPUT', limit, measured } });
}

/**
 * Variables checked before the document is measured or anything is coerced: names the
 * operation does not declare are refused (nothing reads them, yet each would be carried),
 * and so is a list longer than any field accepts or an input of more values than allowed.
 */
export function inputViolation(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  limits: InputLimits,
): GraphQLError | undefined {
  const input = measureVariables(operation, variables, limits.maxInputValues);
  if (input.undeclared.length > 0) {
    const named = input.undeclared
      .slice(0, 3)
      .map((name) => `$${name}`)
      .join(', ');
    return refusal(
      `the request sends ${input.undeclared.length.toLocaleString('en-US')} variable(s) the operation does not declare (${named}${input.undeclared.length > 3 ? ', …' : ''}); send only the variables it declares.`,
      'UNDECLARED_VARIABLE',
      0,
      input.undeclared.length,
    );
  }
  if (input.longestList.length > limits.maxInputListLength) {
    return refusal(
      `${input.longestList.path} holds ${show(input.longestList.length)} items; no field takes more than ${show(limits.maxInputListLength)}. Send the items in several requests.`,
      'INPUT_LIST_TOO_LONG',
      limits.maxInputListLength,
      input.longestList.length,
    );
  }
  if (input.values > limits.maxInputValues) {
    return refusal(
      `the variables hold more than ${show(limits.maxInputValues)} values; at most ${show(limits.maxInputValues)} are allowed. Split the input over several requests.`,
      'INPUT_TOO_LARGE',
      limits.maxInputValues,
      input.values,
    );
  }
  return undefined;
}
