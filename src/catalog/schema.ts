import { z } from 'zod';

/** SOC 2 Trust Services Criteria ids: CC1.1–CC9.2, A1.1–A1.3, C1.1–C1.2, PI1.1–PI1.5, P1.1–P8.1. */
export const criterionId = z
  .string()
  .regex(/^(CC[1-9]\.\d{1,2}|A1\.[1-3]|C1\.[1-2]|PI1\.[1-5]|P[1-8]\.\d)$/, 'expected a SOC 2 criterion such as CC6.1 or A1.2');

export const controlSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9]*-\d{2,3}$/, 'expected a control id such as AC-01'),
    title: z.string().min(1),
    statement: z.string().min(1),
    criteria: z.array(criterionId).min(1),
    checks: z.array(z.string()).default([]),
    manual: z.boolean().default(false),
    /** For manual controls: what evidence the user drops into the manual evidence folder. */
    evidence: z.string().optional(),
    /** For manual controls: the documents an auditor asks for, by name (shown as missing until provided). */
    documents: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((c) => c.manual || c.checks.length > 0, { message: 'a control needs "checks" or "manual: true"', path: ['checks'] })
  .refine((c) => !(c.manual && c.checks.length > 0), { message: 'a manual control has no "checks"', path: ['manual'] })
  .refine((c) => c.manual || c.documents.length === 0, { message: '"documents" belongs to manual controls', path: ['documents'] });

export const controlFileSchema = z.object({ controls: z.array(controlSchema).min(1) }).strict();

export type Control = z.infer<typeof controlSchema> & { file: string };
