import { describe, expect, it } from 'vitest';
import { analyseTlsOnly } from '../../../src/checks/aws/s3-policy.js';

const B = 'acme-data';
const BUCKET = `arn:aws:s3:::${B}`;
const OBJECTS = `arn:aws:s3:::${B}/*`;
const good = {
  Sid: 'TLS',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [BUCKET, OBJECTS],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const variant = (patch: Record<string, unknown>) => {
  const s: Record<string, unknown> = { ...good, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete s[k];
  return s;
};

describe('analyseTlsOnly', () => {
  const rows: Array<[string, string, boolean]> = [
    ['the documented statement', doc(good), true],
    ['a single statement object, not a list', JSON.stringify({ Version: '2012-10-17', Statement: good }), true],
    ['Principal {"AWS":"*"}', doc(variant({ Principal: { AWS: '*' } })), true],
    ['Principal {"AWS":["*"]}', doc(variant({ Principal: { AWS: ['*'] } })), true],
    ['Action "*"', doc(variant({ Action: '*' })), true],
    ['Action ["s3:*"]', doc(variant({ Action: ['s3:*'] })), true],
    ['Action "S3:*" (case-insensitive)', doc(variant({ Action: 'S3:*' })), true],
    ['Action list that includes s3:*', doc(variant({ Action: ['s3:GetObject', 's3:*'] })), true],
    ['Resource "*"', doc(variant({ Resource: '*' })), true],
    ['Resource arn:aws:s3:::* ', doc(variant({ Resource: 'arn:aws:s3:::*' })), true],
    ['Resource bucket prefix wildcard', doc(variant({ Resource: `arn:aws:s3:::${B}*` })), true],
    ['boolean false', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': false } } })), true],
    ['["false"] list', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': ['false'] } } })), true],
    ['[false] list', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': [false] } } })), true],
    ['"False" (case-insensitive value)', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': 'False' } } })), true],
    ['lower-case condition key', doc(variant({ Condition: { Bool: { 'aws:securetransport': 'false' } } })), true],
    ['BoolIfExists', doc(variant({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })), true],
    ['good statement after unrelated ones', doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS }, good), true],
    ['statement without Sid', doc(variant({ Sid: undefined })), true],

    ['deny only s3:PutObject', doc(variant({ Action: 's3:PutObject' })), false],
    ['deny s3:Get* and s3:Put*', doc(variant({ Action: ['s3:Get*', 's3:Put*'] })), false],
    ['only some objects (prefix)', doc(variant({ Resource: [BUCKET, `arn:aws:s3:::${B}/reports/*`] })), false],
    ['objects only, not the bucket', doc(variant({ Resource: OBJECTS })), false],
    ['bucket only, not the objects', doc(variant({ Resource: BUCKET })), false],
    ['another bucket', doc(variant({ Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] })), false],
    ['Effect Allow', doc(variant({ Effect: 'Allow' })), false],
    ['SecureTransport "true"', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), false],
    ['SecureTransport true (boolean)', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': true } } })), false],
    ['no condition at all', doc(variant({ Condition: undefined })), false],
    ['StringEquals instead of Bool', doc(variant({ Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } })), false],
    [
      'extra condition narrows the deny',
      doc(variant({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })),
      false,
    ],
    ['extra key in the Bool block', doc(variant({ Condition: { Bool: { 'aws:SecureTransport': 'false', 'aws:ViaAWSService': 'false' } } })), false],
    ['a specific principal', doc(variant({ Principal: { AWS: 'arn:aws:iam::123456789012:role/ci' } })), false],
    ['a service principal', doc(variant({ Principal: { Service: 's3.amazonaws.com' } })), false],
    ['NotPrincipal', doc(variant({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })), false],
    ['NotAction', doc(variant({ Action: undefined, NotAction: 's3:GetObject' })), false],
    ['NotResource', doc(variant({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*' })), false],
    [
      'the string "aws:SecureTransport" only in a Sid',
      doc({ Sid: 'awsSecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, OBJECTS] }),
      false,
    ],
    ['no statements', doc(), false],
    [
      'SecureTransport in an Allow that requires TLS',
      doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: [BUCKET, OBJECTS], Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      false,
    ],
  ];
  it.each(rows)('%s', (_name, policy, expected) => {
    const result = analyseTlsOnly(policy, B);
    expect('invalid' in result).toBe(false);
    expect('tlsOnly' in result && result.tlsOnly).toBe(expected);
  });

  it('names the matching statement', () => {
    expect(analyseTlsOnly(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS }, good), B)).toEqual({
      tlsOnly: true,
      statementId: 'TLS',
    });
    expect(analyseTlsOnly(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS }, variant({ Sid: undefined })), B)).toEqual({
      tlsOnly: true,
      statementId: 'Statement[1]',
    });
  });

  it('explains why a TLS statement does not count', () => {
    const result = analyseTlsOnly(doc(variant({ Sid: 'PutOnly', Action: 's3:PutObject' })), B);
    expect(result).toMatchObject({ tlsOnly: false });
    expect(JSON.stringify(result)).toContain('PutOnly');
    expect(JSON.stringify(result)).toContain('s3:PutObject');
  });

  it('reports invalid JSON instead of judging it', () => {
    expect(analyseTlsOnly('{not json', B)).toHaveProperty('invalid');
    expect(analyseTlsOnly('[]', B)).toHaveProperty('invalid');
  });
});
