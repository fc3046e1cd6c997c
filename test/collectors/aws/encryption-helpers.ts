// Shared by the encryption collector tests: the checks, the demo config, and findings in comparable form.
import type { Finding } from '../../../src/core/types.js';
import { DEMO_ROLE } from '../../../src/sandbox/demo/company.js';

export const ENCRYPTION_CHECKS = [
  'aws.s3.encryption',
  'aws.s3.tls-only',
  'aws.s3.public-access-block',
  'aws.ebs.default-encryption',
  'aws.ebs.volume-encryption',
  'aws.rds.storage-encrypted',
  'aws.rds.backups',
  'aws.rds.multi-az',
  'aws.kms.key-rotation',
  'aws.elb.tls-listeners',
];

export const orgConfig = () => ({
  organization: 'Kestrel Data, Inc.',
  period: { start: '2026-07-01', end: '2026-09-30' },
  aws: { organization: true, roleName: DEMO_ROLE, regions: ['eu-west-1', 'us-east-1'] },
});

/** Findings without the parts that legitimately differ between runs (evidence timestamps). */
export const comparable = (findings: Finding[]) =>
  findings.map((f) => `${f.checkId} ${f.resource.id} ${f.status} ${f.missing ?? ''} ${f.message} ${JSON.stringify(f.details ?? {})}`).sort();
