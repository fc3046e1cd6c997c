// How strong each vendor's MFA factor is, in one place so the API and the CSV exports agree.
import type { IdpFactor } from '../../evidence/idp.js';

const OKTA_PHISHING_RESISTANT = new Set(['webauthn', 'u2f', 'signed_nonce']);
const OKTA_WEAK = new Set(['sms', 'call', 'email', 'question']);
const OKTA_STRONG = new Set(['push', 'token:software:totp', 'token:hardware', 'token:hotp', 'token', 'web']);

/** Okta `factorType`: webauthn/u2f/signed_nonce phishing-resistant; sms/call/email/question weak. */
export function oktaFactorKind(type: string): IdpFactor['kind'] {
  if (OKTA_PHISHING_RESISTANT.has(type)) return 'phishing-resistant';
  if (OKTA_WEAK.has(type)) return 'weak';
  if (OKTA_STRONG.has(type)) return 'strong';
  return 'unknown';
}

/** The "MFA Factor" names of Okta's MFA Usage report, mapped to factorType. Checked in order. */
const OKTA_REPORT_NAMES: Array<[RegExp, string]> = [
  [/^password$/i, 'password'],
  [/fastpass|signed.?nonce/i, 'signed_nonce'],
  [/webauthn|fido|security key|biometric|passkey/i, 'webauthn'],
  [/u2f/i, 'u2f'],
  [/push/i, 'push'],
  [/okta verify|google authenticator|totp|authenticator/i, 'token:software:totp'],
  [/yubikey|rsa|symantec|hardware|on-prem|custom otp/i, 'token:hardware'],
  [/duo/i, 'web'],
  [/sms/i, 'sms'],
  [/voice|call/i, 'call'],
  [/phone/i, 'sms'],
  [/e-?mail/i, 'email'],
  [/question/i, 'question'],
];

export function oktaReportFactorType(name: string): string {
  return OKTA_REPORT_NAMES.find(([re]) => re.test(name))?.[1] ?? name.trim().toLowerCase();
}

// Microsoft Graph `methodsRegistered` values (userRegistrationDetails), lower-cased.
const ENTRA_PHISHING_RESISTANT = new Set([
  'fido2',
  'fido2securitykey',
  'passkeydevicebound',
  'passkeydeviceboundauthenticator',
  'passkeydeviceboundwindowshello',
  'windowshelloforbusiness',
  'x509certificatemultifactor',
  'platformcredential',
]);
const ENTRA_STRONG = new Set([
  'microsoftauthenticatorpush',
  'microsoftauthenticatorpasswordless',
  'softwareonetimepasscode',
  'hardwareonetimepasscode',
  'microsoftauthenticator',
  'authenticatorapp',
]);
const ENTRA_WEAK = new Set(['mobilephone', 'alternatemobilephone', 'officephone', 'sms', 'voice', 'phone']);
/** Registered for self-service password reset only: not an MFA method. */
const ENTRA_SSPR_ONLY = new Set(['email', 'securityquestion', 'temporaryaccesspass', 'apppassword']);

export function entraMethodFactor(method: string): IdpFactor {
  const key = method.replace(/[\s_-]/g, '').toLowerCase();
  if (ENTRA_SSPR_ONLY.has(key)) return { type: method, kind: 'weak', state: 'inactive', status: 'not an MFA method' };
  const kind: IdpFactor['kind'] = ENTRA_PHISHING_RESISTANT.has(key)
    ? 'phishing-resistant'
    : ENTRA_STRONG.has(key)
      ? 'strong'
      : ENTRA_WEAK.has(key)
        ? 'weak'
        : 'unknown';
  return { type: method, kind, state: 'active', status: 'registered' };
}

/** Entra's Global Administrator role (template id), the tenant's super-admin. */
export const ENTRA_GLOBAL_ADMIN_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';
