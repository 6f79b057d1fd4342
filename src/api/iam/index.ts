// Every IAM action handler, by group. A group file exports `handlers`.
import type { ActionHandler } from '../types.js';
import { handlers as account } from './account.js';
import { handlers as credentials } from './credentials.js';
import { handlers as groups } from './groups.js';
import { handlers as policies } from './policies.js';
import { handlers as providers } from './providers.js';
import { handlers as roles } from './roles.js';
import { handlers as simulation } from './simulation.js';
import { handlers as users } from './users.js';

export const iamHandlers: readonly ActionHandler[] = [
  ...users,
  ...groups,
  ...roles,
  ...policies,
  ...providers,
  ...credentials,
  ...account,
  ...simulation,
];
