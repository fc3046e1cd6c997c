/** One IAM Identity Center user (`identitystore:ListUsers`). */
export interface IdentityCenterUser {
  userId: string;
  userName: string;
  displayName?: string;
  /** Email addresses, primary first. */
  emails: string[];
  identityStoreId: string;
}

/** The Identity Center instances visible from an account (`sso-admin:ListInstances`) and their users. */
export interface IdentityCenterEvidence {
  instances: Array<{ instanceArn: string; identityStoreId: string; region: string }>;
  users: IdentityCenterUser[];
}

export const IDENTITY_CENTER_NEEDS = {
  users: 'aws.identityCenter.users',
} as const;
