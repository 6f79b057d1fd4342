// A Lambda permission (CloudFormation AWS::Lambda::Permission, Terraform aws_lambda_permission) is one
// statement of the function's resource policy written as properties: rebuild the statement AWS stores.
import type { SourceLocation } from '../model.js';
import { array, knownString, object, scalar } from './policy-record.js';
import type { LEntry, LNode } from './policy-record.js';

export interface LambdaPermissionInput {
  readonly sid: string;
  readonly principal: LNode;
  readonly action: LNode;
  readonly functionArn: LNode;
  readonly sourceAccount?: LNode;
  readonly sourceArn?: LNode;
  readonly principalOrgId?: LNode;
  /** `NONE` with principal `*` makes a function URL public. */
  readonly functionUrlAuthType?: LNode;
  readonly loc: SourceLocation;
}

/** The policy document (one statement) that the permission adds to the function's resource policy. */
export function lambdaPermissionDocument(p: LambdaPermissionInput): LNode {
  const principalText = knownString(p.principal);
  let principal: LNode;
  if (principalText === '*') principal = p.principal;
  else if (principalText !== undefined && /\.amazonaws\.com(\.cn)?$|\.amazon\.com$/.test(principalText)) principal = object([{ key: 'Service', value: p.principal }], p.principal.loc);
  else principal = object([{ key: 'AWS', value: p.principal }], p.principal.loc);

  // The condition keys as Lambda writes them in GetPolicy.
  const byOperator = new Map<string, LEntry[]>();
  const add = (value: LNode | undefined, operator: string, key: string) => {
    if (value) byOperator.set(operator, [...(byOperator.get(operator) ?? []), { key, value }]);
  };
  add(p.sourceAccount, 'StringEquals', 'AWS:SourceAccount');
  add(p.principalOrgId, 'StringEquals', 'aws:PrincipalOrgID');
  add(p.functionUrlAuthType, 'StringEquals', 'lambda:FunctionUrlAuthType');
  add(p.sourceArn, 'ArnLike', 'AWS:SourceArn');

  const statement: LEntry[] = [
    { key: 'Sid', value: scalar(p.sid, p.loc) },
    { key: 'Effect', value: scalar('Allow', p.loc) },
    { key: 'Principal', value: principal },
    { key: 'Action', value: p.action },
    { key: 'Resource', value: p.functionArn },
  ];
  if (byOperator.size > 0) {
    statement.push({ key: 'Condition', value: object([...byOperator].map(([key, entries]) => ({ key, value: object(entries) })), p.loc) });
  }
  return object(
    [
      { key: 'Version', value: scalar('2012-10-17', p.loc) },
      { key: 'Statement', value: array([object(statement, p.loc)], p.loc) },
    ],
    p.loc,
  );
}
