// Every evidence key the encryption checks need is provided by an AWS collector, and no check is pending.
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../../src/checks/registry.js';
import { AWS_ACCOUNT_COLLECTORS, AWS_REGION_COLLECTORS } from '../../../src/collectors/aws/registry.js';
import { ENCRYPTION_CHECKS } from './encryption-helpers.js';

describe('encryption checks wiring', () => {
  const provided = new Set([...AWS_ACCOUNT_COLLECTORS, ...AWS_REGION_COLLECTORS].flatMap((c) => c.provides));
  it.each(ENCRYPTION_CHECKS)('%s is implemented and its evidence is collected', (id) => {
    const check = findCheck(id);
    expect(check).toBeDefined();
    expect((check as { pending?: boolean }).pending).toBeUndefined();
    expect(check!.needs.length).toBeGreaterThan(0);
    for (const need of check!.needs) expect(provided.has(need), need).toBe(true);
  });
});
