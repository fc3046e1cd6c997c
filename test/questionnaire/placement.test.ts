// Topic placement: CAIQ ids map directly; otherwise keyword rules with negative cues. Realistic wordings
// from CAIQ, SIG Lite and home-made questionnaires.
import { describe, expect, it } from 'vitest';
import { loadTopicCatalog } from '../../src/questionnaire/catalog.js';
import { caiqCandidates, placeQuestion } from '../../src/questionnaire/placement.js';

const catalog = loadTopicCatalog();
const topicsOf = (question: string, id?: string) =>
  placeQuestion(catalog, question, id)
    .topics.map((t) => t.id)
    .sort();

describe('placement by wording', () => {
  const rows: Array<[string, string[]]> = [
    // MFA
    ['Is multi-factor authentication (MFA) required for all employees accessing company systems?', ['mfa-workforce']],
    ['Do you enforce 2FA on your source code repositories?', ['mfa-workforce']],
    ['Is two-factor authentication required for remote access?', ['mfa-workforce']],
    ['Are users required to use a second factor (e.g. an authenticator app) when signing in?', ['mfa-workforce']],
    ['Is MFA enforced for all administrative and privileged accounts?', ['mfa-admins']],
    ['Do administrators use phishing-resistant authenticators such as FIDO2 security keys?', ['mfa-admins']],
    ['Is the cloud root account protected with multi-factor authentication?', ['mfa-admins']],
    // SSO and passwords
    ['Do you use single sign-on (SSO) for access to internal applications?', ['sso']],
    ['Is access to production systems federated through a central identity provider (e.g., Okta, Azure AD)?', ['sso']],
    ['Do you have a password policy that enforces minimum length and complexity?', ['password-policy']],
    ['What is the minimum password length required for user accounts?', ['password-policy']],
    // Least privilege, reviews, joiners and leavers
    ['Is access to production granted on a least-privilege, need-to-know basis?', ['least-privilege']],
    ['How many people have administrative access to your cloud environment?', ['least-privilege']],
    ['Do you enforce separation of duties for privileged access?', ['least-privilege']],
    ['Are user access rights reviewed at least quarterly?', ['access-reviews']],
    ['Do you perform periodic user access reviews and recertification of entitlements?', ['access-reviews']],
    ['Is access revoked within 24 hours when an employee leaves the company?', ['onboarding-offboarding']],
    ['Do you have a documented onboarding and offboarding process for personnel?', ['onboarding-offboarding']],
    ['Are accounts of terminated employees disabled promptly?', ['onboarding-offboarding']],
    ['Are API keys and access keys rotated regularly?', ['credential-management']],
    // Encryption
    ['Is customer data encrypted at rest?', ['encryption-at-rest']],
    ['Are databases and storage volumes encrypted using AES-256?', ['encryption-at-rest']],
    ['Are backups encrypted?', ['backups', 'encryption-at-rest']],
    ['Is all data encrypted in transit using TLS 1.2 or higher?', ['encryption-in-transit']],
    ['Is customer data encrypted both at rest and in transit?', ['encryption-at-rest', 'encryption-in-transit']],
    ['Do all public endpoints enforce HTTPS?', ['encryption-in-transit']],
    ['Are encryption keys rotated at least annually?', ['key-management']],
    ['Do you use a key management service (KMS) or HSM to manage cryptographic keys?', ['key-management']],
    // Logging and monitoring
    ['Do you maintain audit logs of administrative actions in your cloud environment?', ['logging-audit-trail']],
    ['Are audit trails protected from tampering?', ['logging-audit-trail']],
    ['How long are security logs retained?', ['log-retention']],
    ['Are logs retained for at least one year?', ['log-retention']],
    ['Do you have intrusion detection or a SIEM monitoring for threats 24x7?', ['monitoring-threat-detection']],
    ['Are security alerts generated for suspicious activity and reviewed?', ['monitoring-threat-detection']],
    // Change management
    ['Are all code changes peer reviewed before being deployed to production?', ['change-management']],
    ['Do you have a formal change management process?', ['change-management']],
    ['Are changes tested and approved prior to release?', ['change-management']],
    ['Is branch protection enabled on the main branch to prevent force pushes?', ['branch-protection']],
    ['Do you scan source code for hard-coded secrets and credentials?', ['secret-scanning']],
    ['Do you scan third-party libraries and dependencies for known vulnerabilities?', ['vulnerability-scanning']],
    ['Do you use a tool such as Dependabot or software composition analysis?', ['vulnerability-scanning']],
    // Resilience and network
    ['Are production databases backed up daily?', ['backups']],
    ['Is the production environment deployed across multiple availability zones for high availability?', ['high-availability']],
    ['Do you have a disaster recovery plan, and is it tested at least annually?', ['disaster-recovery-plan']],
    ['Are backups tested by performing restores periodically?', ['disaster-recovery-plan']],
    ['Do you use a web application firewall (WAF) to protect internet-facing applications?', ['network-protection']],
    ['Is DDoS protection in place?', ['network-protection']],
    ['Is public access to storage buckets blocked?', ['network-protection']],
    // Manual topics
    ['Do you have a documented information security policy approved by management?', ['policies']],
    ['Do all employees complete security awareness training annually?', ['training']],
    ['Are background checks performed on all new hires?', ['background-checks']],
    ['Do you assess the security of your vendors and subprocessors?', ['vendor-management']],
    ['Do you have an incident response plan?', ['incident-response']],
    ['Will you notify customers of a data breach within 72 hours?', ['incident-response']],
    ['Is a penetration test performed by an independent third party at least annually?', ['penetration-testing']],
    ['Do you carry cyber liability insurance?', ['insurance']],
    ['Are laptops protected with full-disk encryption and anti-malware?', ['endpoint-security']],
  ];
  it.each(rows)('%s → %j', (question, expected) => {
    expect(topicsOf(question)).toEqual([...expected].sort());
  });
});

describe('negative cues keep physical and unrelated questions off evidence topics', () => {
  const rows: Array<[string, string[]]> = [
    ['Is physical access to the data center restricted and logged?', ['physical-security']],
    ['Are visitor logs maintained at all facilities?', ['physical-security']],
    ['Are backup tapes stored encrypted in a physically secure location?', ['physical-security']],
    ['Is the data center protected with redundant power and generators?', ['physical-security']],
    ['Is CCTV monitoring in place at data center entrances?', ['physical-security']],
    ['What happens to customer data on termination of the contract?', []],
    ['Do you have a documented privacy notice?', []],
    ['Describe your company history.', []],
    ['Are unique user IDs assigned to every employee?', []],
  ];
  it.each(rows)('%s → %j', (question, expected) => {
    expect(topicsOf(question)).toEqual([...expected].sort());
  });
});

describe('CAIQ v4 ids map directly', () => {
  it.each([
    ['IAM-14.1', ['mfa-workforce']],
    ['IAM-14', ['mfa-workforce']],
    ['iam-14.3', ['mfa-workforce']],
    ['CEK-03.1', ['encryption-at-rest', 'encryption-in-transit']],
    ['CEK-12.1', ['key-management']],
    ['LOG-02.1', ['logging-audit-trail']],
    ['CCC-04.1', ['branch-protection', 'change-management']],
    ['BCR-08.1', ['backups']],
    ['HRS-11.1', ['training']],
    ['DCS-07.2', ['physical-security']],
    ['IAM-01.1', ['policies']],
  ])('%s → %j (whatever the wording)', (id, expected) => {
    expect(topicsOf('Describe your approach.', id)).toEqual([...expected].sort());
  });

  it('CEK-03 is both encryption topics (data at rest and in transit)', () => {
    expect(placeQuestion(catalog, 'x', 'CEK-03.1')).toMatchObject({ via: 'caiq', caiqId: 'CEK-03' });
  });

  it('a control-level id is refined by the wording, within that control', () => {
    expect(topicsOf('Do administrators use phishing-resistant authenticators?', 'IAM-14.2')).toEqual(['mfa-admins']);
    // Wording pointing outside the control does not move the question off it.
    expect(topicsOf('Do you carry cyber insurance?', 'IAM-14.3')).toEqual(['mfa-workforce']);
  });

  it('an id the catalog does not know falls back to the wording', () => {
    expect(placeQuestion(catalog, 'Is customer data encrypted at rest?', 'Q-17')).toMatchObject({ via: 'keywords' });
    expect(topicsOf('Is customer data encrypted at rest?', 'DSP-99.1')).toEqual(['encryption-at-rest']);
  });

  it('reads CAIQ ids loosely but never a non-id', () => {
    expect(caiqCandidates('IAM-1.1')).toEqual(['IAM-01.1', 'IAM-01', 'IAM']);
    expect(caiqCandidates(' A&A-02 ')).toEqual(['A&A-02', 'A&A']);
    expect(caiqCandidates('17')).toEqual([]);
    expect(caiqCandidates(undefined)).toEqual([]);
  });
});
