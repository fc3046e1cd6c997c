import type { Config } from './schema.js';

/** The tenant's name, used as the resource id of tenant-level IdP findings: the IdP host or domain. */
export function idpHost(config: Config): string {
  const idp = config.idp;
  if (!idp) return 'idp';
  switch (idp.provider) {
    case 'okta':
      // The hostname: an Okta org never has a port, and a sandbox's random port must not make
      // the same tenant look new from one run to the next.
      return new URL(idp.orgUrl).hostname;
    case 'google':
      return idp.domain;
    case 'entra':
      return idp.tenantId;
    case 'csv':
      return idp.host ?? idp.file;
  }
}
