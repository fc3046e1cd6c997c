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
    const { config } = parse(
      'people:\n  links: { OctoCat: Ana@Acme.com }\n  serviceAccounts: [ { account: deploy-bot, ' +
        'owner: ana@acme.com, reason: "CI deploys" } ]\n  hrFile: hr/people.csv\n',
    );
    expect(config.people).toEqual({
      links: { octocat: 'ana@acme.com' },
      serviceAccounts: [{ account: 'deploy-bot', owner: 'ana@acme.com', reason: 'CI deploys' }],
      hrFile: 'hr/people.csv',
    });
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

describe('a bad HR file stops collect before anything is collected or written', () => {
  it('names file and line, and leaves the output folder empty', async () => {
    const { mkdtempSync, readdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { collectWith } = await import('../../src/cli/commands/collect.js');
    const { loadConfigFile } = await import('../../src/config/load.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'hr-cli-'));
    writeFileSync(path.join(dir, 'people.csv'), 'email,name,start,end\nana@acme.com,Ana,2024-01-01,\nben@acme.com,Ben,2024-13-01,\n');
    writeFileSync(
      path.join(dir, 'soc2-evidence.yaml'),
      'organization: Acme\ngithub: { org: acme }\nidp: { provider: okta, orgUrl: https://acme.okta.com }\npeople:\n  hrFile: people.csv\n',
    );
    const out = path.join(dir, 'reports');
    const loaded = loadConfigFile(path.join(dir, 'soc2-evidence.yaml'));
    await expect(collectWith(loaded, { out }, {})).rejects.toThrow(UserInputError);
    await expect(collectWith(loaded, { out }, {})).rejects.toSatisfy((e: UserInputError) =>
      /people\.csv:3: column "start" \(ben@acme\.com\)/.test(e.describe()),
    );
    expect(readdirSync(dir).sort()).toEqual(['people.csv', 'soc2-evidence.yaml']);
  });
});
