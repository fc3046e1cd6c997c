import { describe, expect, it } from 'vitest';
import { findCheck, ALL_CHECKS } from '../../src/checks/registry.js';
import { thresholdDefaults } from '../../src/cli/commands/controls.js';

describe('controls checks: thresholds', () => {
  it('shows each configurable threshold with its default', () => {
    expect(thresholdDefaults(findCheck('aws.iam.password-policy')!)).toEqual({ minLength: 14 });
    expect(thresholdDefaults(findCheck('github.org.owner-count')!)).toEqual({ maxOwners: 3 });
    expect(thresholdDefaults(findCheck('aws.iam.root-mfa')!)).toEqual({});
  });

  it('gives a default for every threshold of every check (a user can read what a run used)', () => {
    for (const check of ALL_CHECKS.filter((c) => c.params)) {
      const defaults = thresholdDefaults(check);
      expect(Object.keys(defaults).length, check.id).toBeGreaterThan(0);
      expect(
        Object.values(defaults).every((v) => v !== undefined),
        check.id,
      ).toBe(true);
    }
  });
});
