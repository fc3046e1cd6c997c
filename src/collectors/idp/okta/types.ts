// The parts of Okta's management API JSON we read (okta-management OpenAPI: User, UserFactor, Role, Policy, PolicyRule).
export interface OktaUserJson {
  id: string;
  status: string;
  created?: string;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  profile?: { login?: string; email?: string; firstName?: string; lastName?: string };
}

export interface OktaFactorJson {
  id: string;
  factorType: string;
  provider?: string;
  status: string;
}

export interface OktaRoleJson {
  id: string;
  type: string;
  label?: string;
  status?: string;
  assignmentType?: string;
}

interface PeopleJson {
  groups?: { include?: string[]; exclude?: string[] };
  users?: { include?: string[]; exclude?: string[] };
}

export interface OktaPolicyJson {
  id: string;
  name: string;
  type: string;
  status: string;
  priority?: number;
  system?: boolean;
  conditions?: { people?: PeopleJson } | null;
  settings?: {
    type?: string;
    authenticators?: Array<{ key: string; enroll?: { self?: string } }>;
    factors?: Record<string, { enroll?: { self?: string } }>;
  };
}

export interface OktaRuleJson {
  id: string;
  name: string;
  status: string;
  priority?: number;
  system?: boolean;
  type?: string;
  conditions?: ({ people?: PeopleJson; network?: { connection?: string; include?: string[]; exclude?: string[] } } & Record<string, unknown>) | null;
  actions?: {
    signon?: { access?: string; requireFactor?: boolean; factorPromptMode?: string; primaryFactor?: string };
    appSignOn?: {
      access?: string;
      verificationMethod?: {
        type?: string;
        factorMode?: string;
        constraints?: unknown[];
        chains?: Array<{ authenticationMethods?: unknown[]; next?: unknown[] }>;
      };
    };
  };
}

export interface OktaAppJson {
  id: string;
  name?: string;
  label?: string;
  status?: string;
  signOnMode?: string;
  _links?: { accessPolicy?: { href?: string } };
}
