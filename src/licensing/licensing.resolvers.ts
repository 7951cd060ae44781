import { AlertResolver, EnterpriseAlertsResolver } from './alert.resolver';
import { EnterpriseLedgerLinksResolver } from './enterprise-links.resolver';
import { EnterpriseLicencesResolver, LicenceResolver, LicenceScopeItemResolver } from './licence.resolver';
import { ProcessingTimesResolver } from './processing-times.resolver';

export const licensingResolvers = [
  LicenceResolver,
  ProcessingTimesResolver,
  LicenceScopeItemResolver,
  AlertResolver,
  EnterpriseLicencesResolver,
  EnterpriseAlertsResolver,
  EnterpriseLedgerLinksResolver,
] as const;
