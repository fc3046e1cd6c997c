// The 2017 Trust Services Criteria (revised points of focus, 2022) the catalog must reach: every common
// criterion (security) always, availability and confidentiality when those categories are in scope.
// Titles are short paraphrases for the pack's matrix, not the AICPA's text.

export const CATEGORIES = ['security', 'availability', 'confidentiality'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Criterion {
  id: string;
  category: Category;
  title: string;
}

const security = (id: string, title: string): Criterion => ({ id, category: 'security', title });

export const CRITERIA: readonly Criterion[] = [
  security('CC1.1', 'Commitment to integrity and ethical values'),
  security('CC1.2', 'Board independence and oversight of internal control'),
  security('CC1.3', 'Structures, reporting lines, authorities and responsibilities'),
  security('CC1.4', 'Attracting, developing and retaining competent people'),
  security('CC1.5', 'Accountability for internal control responsibilities'),
  security('CC2.1', 'Relevant, quality information supports internal control'),
  security('CC2.2', 'Internal communication of objectives and responsibilities'),
  security('CC2.3', 'Communication with external parties'),
  security('CC3.1', 'Objectives specified clearly enough to identify risks'),
  security('CC3.2', 'Identification and analysis of risks'),
  security('CC3.3', 'Consideration of the potential for fraud'),
  security('CC3.4', 'Identification and assessment of significant changes'),
  security('CC4.1', 'Ongoing and separate evaluations of controls'),
  security('CC4.2', 'Evaluation and communication of control deficiencies'),
  security('CC5.1', 'Control activities that mitigate risks'),
  security('CC5.2', 'General controls over technology'),
  security('CC5.3', 'Control activities deployed through policies and procedures'),
  security('CC6.1', 'Logical access security over protected information assets'),
  security('CC6.2', 'Registration, authorization and removal of users'),
  security('CC6.3', 'Role-based access, least privilege and segregation of duties'),
  security('CC6.4', 'Restriction of physical access to facilities and assets'),
  security('CC6.5', 'Protection of data on discarded physical assets'),
  security('CC6.6', 'Protection against threats from outside the system boundary'),
  security('CC6.7', 'Restriction of transmission, movement and removal of information'),
  security('CC6.8', 'Prevention and detection of unauthorized or malicious software'),
  security('CC7.1', 'Detection of configuration changes and vulnerabilities'),
  security('CC7.2', 'Monitoring of system components for anomalies'),
  security('CC7.3', 'Evaluation of security events'),
  security('CC7.4', 'Response to security incidents'),
  security('CC7.5', 'Recovery from security incidents'),
  security('CC8.1', 'Authorization, testing and approval of changes'),
  security('CC9.1', 'Mitigation of business-disruption risk'),
  security('CC9.2', 'Vendor and business-partner risk management'),
  { id: 'A1.1', category: 'availability', title: 'Capacity is monitored and managed' },
  { id: 'A1.2', category: 'availability', title: 'Environmental protections, backups and recovery infrastructure' },
  { id: 'A1.3', category: 'availability', title: 'Recovery plan testing' },
  { id: 'C1.1', category: 'confidentiality', title: 'Identification and protection of confidential information' },
  { id: 'C1.2', category: 'confidentiality', title: 'Disposal of confidential information' },
];

const byId = new Map(CRITERIA.map((c) => [c.id, c]));

export function criterionOf(id: string): Criterion | undefined {
  return byId.get(id);
}

/** The categories in scope: security always, plus those the config names. */
export function categoriesInScope(configured: readonly Category[] | undefined): Category[] {
  const set = new Set<Category>(['security', ...(configured ?? DEFAULT_CATEGORIES)]);
  return CATEGORIES.filter((c) => set.has(c));
}

/**
 * Without `controls.categories`, all three categories are in scope: the default catalog evidences
 * availability and confidentiality too, and a narrower scope is the user's explicit choice.
 */
export const DEFAULT_CATEGORIES: readonly Category[] = CATEGORIES;

export function criteriaInScope(categories: readonly Category[]): Criterion[] {
  return CRITERIA.filter((c) => categories.includes(c.category));
}

/** A criterion id belongs to a category by its prefix; PI and P criteria are outside this product. */
export function categoryOfCriterion(id: string): Category | undefined {
  if (id.startsWith('CC')) return 'security';
  if (id.startsWith('A1.')) return 'availability';
  if (id.startsWith('C1.')) return 'confidentiality';
  return undefined;
}

const ORDER = new Map(CRITERIA.map((c, i) => [c.id, i]));

/** The order of the TSC document: CC1.1 … CC9.2, then A1, then C1; unknown ids after, naturally sorted. */
export function compareCriteria(a: string, b: string): number {
  return (ORDER.get(a) ?? CRITERIA.length) - (ORDER.get(b) ?? CRITERIA.length) || a.localeCompare(b, 'en', { numeric: true });
}
