// GitHub evidence of the second round: Actions workflow-token defaults, Actions secret names (never
// values: GitHub's API cannot return them and the tool does not try), and SAML single sign-on.

/** `GET /orgs/{org}/actions/permissions/workflow`. */
export interface WorkflowPermissions {
  /** `read` or `write`: the default GITHUB_TOKEN permission for workflows. */
  defaultWorkflowPermissions: string;
  canApprovePullRequestReviews: boolean;
}

/** An Actions secret, by name only. */
export interface ActionsSecretName {
  name: string;
  /** Org secrets: `all`, `private` or `selected`. */
  visibility?: string;
}

/** SAML single sign-on of the organization and, when configured, its enterprise (GraphQL). */
export interface SamlSsoEvidence {
  /** `plan.name` from `GET /orgs/{org}` (owners see it): `free`, `team`, `enterprise`…; null when hidden. */
  plan: string | null;
  /** `organization.samlIdentityProvider`: null when the organization has no SAML identity provider. */
  organizationProvider: { ssoUrl: string | null; issuer: string | null } | null;
  /** With `github.enterprise`: the enterprise's SAML provider and the organizations where it is ENFORCED. */
  enterprise?: { slug: string; provider: { ssoUrl: string | null; issuer: string | null } | null; enforcedOrganizations: string[] };
}
