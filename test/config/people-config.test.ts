// Config `people:`: links, declared service accounts and the HR file, with file:line on bad input.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { UserInputError } from '../../src/core/errors.js';

const parse = (text: string) => parseConfigText(`organization: Acme\n${text}`, 'soc2-evidence.yaml', '/tmp');
function error(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(UserInputError);
    return (err as UserInputError).describe();
  }
  throw new Error('expected a UserInputError');
}

describe('people config', () => {
  it('reads links (case-insensitive keys and emails), service accounts and the HR file as the SPEC shows them', () => {
    const { config } = parse('people:\n  links: { OctoCat: Ana@Acme.com }\n  serviceAccounts: [ { account: deploy-bot, owner: ana@acme.com, reason: "CI deploys" } ]\n  hrFile: hr/people.csv\n');
    expect(config.people).toEqual({ links: { octocat: 'ana@acme.com' }, serviceAccounts: [{ account: 'deploy-bot', owner: 'ana@acme.com', reason: 'CI deploys' }], hrFile: 'hr/people.csv' });
  });

  it.each([
    ['people:\n  link: { octocat: ana@acme.com }\n', /soc2-evidence\.yaml:3: unknown key "link" in "people" \(did you mean "links"\?\)/],
    ['people:\n  links: { octocat: not-an-email }\n', /soc2-evidence\.yaml:3: .*expected an email address/],
    ['people:\n  serviceAccounts:\n    - { account: bot, owner: ana, reason: x }\n', /soc2-evidence\.yaml:4: .*owner's email/],
    ['people:\n  serviceAccounts:\n    - { account: bot, owner: ana@acme.com, reason: x, team: ops }\n', /soc2-evidence\.yaml:4: unknown key "team"/],
    ['people:\n  serviceAccounts:\n    - { account: bot, owner: ana@acme.com }\n', /soc2-evidence\.yaml:4: .*reason/],
  ])('bad input names the line (%#)', (text, message) => {
    expect(error(text)).toMatch(message);
  });

  it('github.enterprise is accepted for SAML at the enterprise', () => {
    expect(parse('github: { org: acme, enterprise: acme-inc }\n').config.github?.enterprise).toBe('acme-inc');
  });
});
